"""Reading a product sheet (CSV or XLSX) into text cells, and parsing those cells.

Nothing here touches the database. Row numbers are the ones the user sees in the
spreadsheet: the header is row 1. Money never passes through float: CSV cells are text and
numeric XLSX cells are turned into their shortest decimal text before `parse_yuan`.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from pathlib import Path

from pos_app.errors import PosError
from pos_app.i18n import N_, gettext
from pos_app.services.import_limits import (
    check_file_size,
    check_shape,
    check_xlsx,
    used_columns,
)

FIELDS = (
    "sku", "name_zh", "name_en", "barcode", "price", "member_price",
    "category", "tax_rate", "unit_tracked", "stock",
)
REQUIRED = ("sku", "name_zh", "price")

# Header text (case-, space- and underscore-insensitive) -> field.
ALIASES: dict[str, str] = {
    "sku": "sku", "货号": "sku", "商品编码": "sku", "商品货号": "sku",
    "namezh": "name_zh", "name": "name_zh", "名称": "name_zh", "品名": "name_zh",
    "商品名称": "name_zh", "中文名": "name_zh", "中文名称": "name_zh",
    "nameen": "name_en", "englishname": "name_en", "英文名": "name_en", "英文名称": "name_en",
    "barcode": "barcode", "barcodes": "barcode", "条码": "barcode", "条形码": "barcode",
    "商品条码": "barcode",
    "price": "price", "售价": "price", "零售价": "price", "价格": "price",
    "memberprice": "member_price", "会员价": "member_price",
    "category": "category", "分类": "category", "类别": "category", "品类": "category",
    "taxrate": "tax_rate", "tax": "tax_rate", "税率": "tax_rate",
    "unittracked": "unit_tracked", "一物一码": "unit_tracked",
    "stock": "stock", "库存": "stock", "库存数量": "stock",
}

# Details of "Cannot read the file {path} ({detail})." (translated when raised).
D_UNKNOWN_TYPE = N_("only .csv and .xlsx files can be imported")
D_OLD_XLS = N_("save the sheet as .xlsx or .csv first")
D_NOT_FOUND = N_("the file does not exist")
D_OS_ERROR = N_("the file cannot be opened: {error}")
D_ENCODING = N_("the text is neither UTF-8 nor GB18030")
D_BAD_CSV = N_("the CSV text is malformed: {error}")
D_BAD_XLSX = N_("the file is not a valid .xlsx workbook")
D_EMPTY = N_("the file has no header row")
D_NO_ROWS = N_("the file has no product rows")
D_MISSING_COLUMNS = N_("required columns are missing: {columns}")
D_DUPLICATE_COLUMN = N_("the column {column} appears more than once")

CSV_SUFFIXES = (".csv", ".txt", ".tsv")
XLSX_SUFFIXES = (".xlsx", ".xlsm")


@dataclass(frozen=True)
class SheetRow:
    number: int  # as shown in the spreadsheet, header = 1
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Sheet:
    headers: tuple[str, ...]
    rows: tuple[SheetRow, ...]


def unreadable(path: Path, detail: str, **params: object) -> PosError:
    text = gettext(detail)
    if params:
        text = text.format(**params)
    return PosError("import_file_unreadable", path=str(path), detail=text)


def read_sheet(path: Path) -> Sheet:
    """Header and non-blank rows of the file, every cell as stripped text."""
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise unreadable(path, D_OLD_XLS)
    if suffix not in CSV_SUFFIXES + XLSX_SUFFIXES:
        raise unreadable(path, D_UNKNOWN_TYPE)
    if not path.is_file():
        raise unreadable(path, D_NOT_FOUND)
    try:
        if suffix in CSV_SUFFIXES:
            check_file_size(path)
        else:
            check_xlsx(path)  # before openpyxl unpacks a single cell
        raw = _read_csv(path) if suffix in CSV_SUFFIXES else _read_xlsx(path)
    except OSError as exc:
        raise unreadable(path, D_OS_ERROR, error=exc.strerror or exc) from exc
    header_index = next((i for i, (_, cells) in enumerate(raw) if any(cells)), None)
    if header_index is None:
        raise unreadable(path, D_EMPTY)
    headers = raw[header_index][1]
    rows = tuple(
        SheetRow(number, cells) for number, cells in raw[header_index + 1 :] if any(cells)
    )
    return Sheet(headers, rows)


def _decode(data: bytes) -> str | None:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _read_csv(path: Path) -> list[tuple[int, tuple[str, ...]]]:
    text = _decode(path.read_bytes())
    if text is None:
        raise unreadable(path, D_ENCODING)
    first = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first and "," not in first else ","
    out: list[tuple[int, tuple[str, ...]]] = []
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        # Each record is one spreadsheet row (a quoted cell may hold a line break).
        for number, record in enumerate(reader, start=1):
            check_shape(path, number, used_columns(record))
            out.append((number, tuple(cell.strip() for cell in record)))
    except csv.Error as exc:
        raise unreadable(path, D_BAD_CSV, error=exc) from exc
    return out


def _read_xlsx(path: Path) -> list[tuple[int, tuple[str, ...]]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        # Not read-only: read-only mode trusts the sheet's stored dimensions, which some
        # exporters get wrong (cut-off columns). Product sheets are small enough.
        book = load_workbook(path, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError) as exc:
        raise unreadable(path, D_BAD_XLSX) from exc
    sheet = book.active if book.active is not None else book.worksheets[0]
    out: list[tuple[int, tuple[str, ...]]] = []
    for cells in sheet.iter_rows(min_row=1):
        if not cells:
            continue
        check_shape(path, cells[0].row, used_columns([c.value for c in cells]))
        texts = tuple(_cell_text(c.value, c.number_format or "") for c in cells)
        out.append((cells[0].row, texts))
    return out


def _cell_text(value: object, number_format: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        text = str(value)
    elif isinstance(value, float):
        # repr is the shortest text that round-trips: 12.5 -> "12.5", 6.9e12 -> int digits.
        text = str(int(value)) if value.is_integer() else repr(value)
        if "e" in text.lower():
            text = format(Decimal(repr(value)), "f")
    elif isinstance(value, Decimal):
        text = format(value, "f")
    elif isinstance(value, datetime | date | time):
        return value.isoformat()
    else:
        return str(value).strip()
    if "%" in number_format:
        percent = (Decimal(text) * 100).normalize()
        return f"{format(percent, 'f')}%"
    return text


def norm_header(text: str) -> str:
    return re.sub(r"[\s_\-]+", "", text.strip().lstrip("\ufeff")).lower()


def map_headers(path: Path, headers: tuple[str, ...]) -> dict[str, int]:
    """Field -> column index; unknown columns are ignored, required ones must be there."""
    found: dict[str, int] = {}
    for index, header in enumerate(headers):
        field = ALIASES.get(norm_header(header))
        if field is None:
            continue
        if field in found:
            raise unreadable(path, D_DUPLICATE_COLUMN, column=header)
        found[field] = index
    missing = [f for f in REQUIRED if f not in found]
    if missing:
        raise unreadable(path, D_MISSING_COLUMNS, columns=", ".join(missing))
    return found


# ---- cell parsers: None means "not valid" ------------------------------------------------

_TRUE = {"1", "y", "yes", "true", "t", "是", "有", "√", "✓"}
_FALSE = {"0", "n", "no", "false", "f", "否", "无", "×", "✗"}


def parse_flag(text: str) -> bool | None:
    value = text.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    return None


def parse_tax_bp(text: str) -> int | None:
    """'13', '13%', '13％', '9.5' -> basis points; '0.13' (a fraction) -> 1300; 0–100 %."""
    value = text.strip().replace("％", "%")
    percent = value.endswith("%")
    value = value.rstrip("%").strip()
    try:
        number = Decimal(value)
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    if not percent and 0 < number < 1:
        number *= 100  # a fraction as spreadsheets export a percent cell
    bp = number * 100
    if bp != bp.to_integral_value() or not 0 <= bp <= 10_000:
        return None
    return int(bp)


def parse_count(text: str) -> int | None:
    """A whole number of at least 0 ('12', '12.0' from a sheet, '1,200')."""
    value = text.strip().replace(",", "")
    if re.fullmatch(r"\d{1,9}(\.0*)?", value):
        return int(value.split(".")[0])
    return None


def split_codes(text: str) -> list[str]:
    """Barcodes separated by | or ; (ASCII or full-width), blanks dropped, order kept."""
    parts = re.split(r"[|;｜；]", text)
    out: list[str] = []
    for part in parts:
        code = part.strip()
        if code and code not in out:
            out.append(code)
    return out
