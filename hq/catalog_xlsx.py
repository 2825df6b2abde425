"""An .xlsx product sheet at HQ, read as the CSV is (header row → one dict per row of text).

HQ may not import the till's importer (pos_app.services), so the same guards are kept here
in short: the file's size, then the zip directory's unpacked size and each sheet's rows
counted in its XML before openpyxl parses a cell (an 0.45 MB workbook once unpacked to three
million cells), then rows and columns as they are read. Numbers become the text a person
typed (3.5 → "3.5", 12 → "12"), so prices go through the same `parse_yuan`, never a float.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

from hq.admin import AdminError

SUFFIXES = (".xlsx", ".xlsm")
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_COLUMNS = 64
_SHEET = re.compile(r"xl/worksheets/[^/]+\.xml")
_CHUNK = 1 << 20


def _check_bomb(path: Path, max_rows: int) -> None:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise AdminError(f"{path} is not a valid .xlsx workbook") from exc
    with archive:
        if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
            raise AdminError(f"{path} unpacks to more than {MAX_UNPACKED_BYTES // 2**20} MB")
        for name in archive.namelist():
            if not _SHEET.fullmatch(name):
                continue
            rows, tail = 0, b""
            with archive.open(name) as part:
                while chunk := part.read(_CHUNK):
                    data = tail + chunk
                    cut = max(len(data) - 8, 0)  # a tag split across chunks counts once
                    rows += data.count(b"<row", 0, cut) + data.count(b":row ", 0, cut)
                    tail = data[cut:]
                    if rows > max_rows + 1:
                        raise AdminError(f"{path} has more than {max_rows} rows: split it")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        text = str(int(value)) if value.is_integer() else repr(value)
        return format(Decimal(repr(value)), "f") if "e" in text.lower() else text
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value).strip()


def read_xlsx(path: Path, max_rows: int) -> tuple[list[str], Iterator[dict[str, str]]]:
    """(header names, rows as {header: text}) of the workbook's active sheet."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    _check_bomb(path, max_rows)
    try:
        book = load_workbook(path, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError) as exc:
        raise AdminError(f"{path} is not a valid .xlsx workbook") from exc
    sheet = book.active if book.active is not None else book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [_text(v) for v in next(rows, ())]
    while header and not header[-1]:
        header.pop()
    if len(header) > MAX_COLUMNS:
        raise AdminError(f"{path} has more than {MAX_COLUMNS} columns")

    def records() -> Iterator[dict[str, str]]:
        for values in rows:
            texts = [_text(v) for v in values[:len(header)]]
            if any(texts):
                yield {name: text for name, text in zip(header, texts, strict=False) if name}

    return header, records()
