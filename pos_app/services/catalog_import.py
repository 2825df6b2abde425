"""Import products from a CSV or XLSX sheet: every row checked first, then all or nothing.

Upsert by SKU: a known SKU gets the row's fields (blank optional cells keep what the
product has), its barcodes are added (never moved from another product), and a stock cell
sets the on-hand count through a stock move. One write transaction holds the checks that
need the database, the writes and the `products_imported` audit row, so a bad row leaves
the database exactly as it was.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, insert
from sqlmodel import Session, col, select

from local_db.ids import new_id, utcnow
from local_db.models import Barcode, Product, StockMove
from local_db.uow import read_session, write_session
from pos_app.domain.barcodes import (
    barcode_forms,
    gtin_is_valid,
    is_readable_code,
    looks_like_gtin,
)
from pos_app.domain.money import format_money, parse_yuan
from pos_app.errors import PosError
from pos_app.i18n import N_, gettext
from pos_app.services import audit, product_search
from pos_app.services.import_rows import (
    D_NO_ROWS,
    SheetRow,
    map_headers,
    parse_count,
    parse_flag,
    parse_tax_bp,
    read_sheet,
    split_codes,
    unreadable,
)

SKU_MAX = 64

# Row problems (English source text; translated when the report is made).
M_SKU_MISSING = N_("SKU is missing")
M_SKU_TOO_LONG = N_("SKU is longer than 64 characters")
M_SKU_REPEATED = N_("SKU {sku} is already on row {row}")
M_NAME_MISSING = N_("Name is missing")
M_PRICE_MISSING = N_("Price is missing")
M_PRICE_BAD = N_("“{text}” is not a price (write yuan, e.g. 12.50)")
M_PRICE_NEGATIVE = N_("A price cannot be negative")
M_MEMBER_ABOVE_PRICE = N_("Member price {member} is more than the price {price}")
M_BARCODE_UNREADABLE = N_("“{code}” is not a barcode (printable characters, no spaces, at most 64)")
M_BARCODE_CHECK = N_("The check digit of barcode {code} is wrong")
M_BARCODE_REPEATED = N_("Barcode {code} is already on row {row}")
M_BARCODE_OTHER_SKU = N_("Barcode {code} already belongs to SKU {sku}")
M_TAX_BAD = N_("“{text}” is not a tax rate (write e.g. 13 or 13%)")
M_FLAG_BAD = N_("“{text}” is not yes or no (write 1/0, yes/no or 是/否)")
M_STOCK_BAD = N_("“{text}” is not a whole number of at least 0")

# CLI lines.
M_CLI_ROW = N_("row {row}: {field}: {message}")


@dataclass(frozen=True)
class RowError:
    row: int  # spreadsheet row, header = 1
    field: str  # sku | name_zh | name_en | barcode | price | member_price | ... (canonical)
    message: str  # translated reason
    column: str = ""  # the header as written in the file (e.g. 条码), for display


@dataclass
class ImportReport:
    ok: bool
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    rows: int = 0  # product rows read from the file

    @property
    def error_rows(self) -> int:
        return len({e.row for e in self.errors})


@dataclass
class _Row:
    number: int
    sku: str
    name_zh: str
    name_en: str | None
    barcodes: list[str]
    price: int
    member_price: int | None
    category: str | None
    tax_rate_bp: int | None
    unit_tracked: bool | None
    stock: int | None


def _canonical(code: str) -> str:
    return "0" + code if code.isdigit() and len(code) == 12 else code


class _Checker:
    def __init__(self, headers: tuple[str, ...], columns: dict[str, int]) -> None:
        self.headers = headers
        self.columns = columns
        self.errors: list[RowError] = []

    def error(self, number: int, name: str, msgid: str, /, **params: object) -> None:
        text = gettext(msgid).format(**params) if params else gettext(msgid)
        column = self.headers[self.columns[name]] if name in self.columns else ""
        self.errors.append(RowError(number, name, text, column))

    def cell(self, row: SheetRow, name: str) -> str | None:
        """Cell text, or None when the column is absent from the file."""
        index = self.columns.get(name)
        if index is None:
            return None
        return row.cells[index].strip() if index < len(row.cells) else ""

    def amount(self, row: SheetRow, name: str) -> int | None:
        text = self.cell(row, name) or ""
        if not text:
            return None
        fen = parse_yuan(text)
        if fen is None:
            self.error(row.number, name, M_PRICE_BAD, text=text)
        elif fen < 0:
            self.error(row.number, name, M_PRICE_NEGATIVE)
            return None
        return fen

    def parse(self, row: SheetRow) -> _Row | None:
        n = row.number
        before = len(self.errors)
        sku = self.cell(row, "sku") or ""
        if not sku:
            self.error(n, "sku", M_SKU_MISSING)
        elif len(sku) > SKU_MAX:
            self.error(n, "sku", M_SKU_TOO_LONG)
        name_zh = self.cell(row, "name_zh") or ""
        if not name_zh:
            self.error(n, "name_zh", M_NAME_MISSING)
        price_text = self.cell(row, "price") or ""
        price = self.amount(row, "price")
        if not price_text:
            self.error(n, "price", M_PRICE_MISSING)
        member = self.amount(row, "member_price")
        if member is not None and price is not None and member > price:
            self.error(
                n, "member_price", M_MEMBER_ABOVE_PRICE,
                member=format_money(member), price=format_money(price),
            )
        barcodes: list[str] = []
        for code in split_codes(self.cell(row, "barcode") or ""):
            if not is_readable_code(code):
                self.error(n, "barcode", M_BARCODE_UNREADABLE, code=code[:40])
            elif looks_like_gtin(code) and not gtin_is_valid(code):
                self.error(n, "barcode", M_BARCODE_CHECK, code=code)
            else:
                barcodes.append(code)
        tax = None
        tax_text = self.cell(row, "tax_rate") or ""
        if tax_text:
            tax = parse_tax_bp(tax_text)
            if tax is None:
                self.error(n, "tax_rate", M_TAX_BAD, text=tax_text)
        flag = None
        flag_text = self.cell(row, "unit_tracked") or ""
        if flag_text:
            flag = parse_flag(flag_text)
            if flag is None:
                self.error(n, "unit_tracked", M_FLAG_BAD, text=flag_text)
        stock = None
        stock_text = self.cell(row, "stock") or ""
        if stock_text:
            stock = parse_count(stock_text)
            if stock is None:
                self.error(n, "stock", M_STOCK_BAD, text=stock_text)
        if len(self.errors) > before or price is None:
            return None
        name_en = self.cell(row, "name_en")
        category = self.cell(row, "category")
        return _Row(
            number=n,
            sku=sku,
            name_zh=name_zh,
            name_en=name_en or None,
            barcodes=barcodes,
            price=price,
            member_price=member,
            category=category or None,
            tax_rate_bp=tax,
            unit_tracked=flag,
            stock=stock,
        )

    def cross_row(self, rows: list[_Row]) -> None:
        """The same SKU or barcode twice in one file."""
        sku_row: dict[str, int] = {}
        code_row: dict[str, int] = {}
        for r in rows:
            if r.sku in sku_row:
                self.error(r.number, "sku", M_SKU_REPEATED, sku=r.sku, row=sku_row[r.sku])
            else:
                sku_row[r.sku] = r.number
            for code in r.barcodes:
                key = _canonical(code)
                if key in code_row and code_row[key] != r.number:
                    self.error(
                        r.number, "barcode", M_BARCODE_REPEATED, code=code, row=code_row[key]
                    )
                else:
                    code_row.setdefault(key, r.number)


def _chunks(items: list[str], size: int = 500) -> Iterable[list[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def import_products(engine: Engine, path: Path, staff_id: str | None = None) -> ImportReport:
    """Check every row, then write all of them in one transaction, or none.

    Raises PosError('import_file_unreadable') for a file we cannot read as a product sheet;
    row problems come back in the report (ok=False, nothing written).
    """
    path = Path(path)
    sheet = read_sheet(path)
    columns = map_headers(path, sheet.headers)
    if not sheet.rows:
        raise unreadable(path, D_NO_ROWS)
    checker = _Checker(sheet.headers, columns)
    parsed = [p for p in (checker.parse(r) for r in sheet.rows) if p is not None]
    checker.cross_row(parsed)
    if checker.errors:
        # Still report barcodes owned by other SKUs, so one pass shows every problem.
        with read_session(engine) as session:
            _check_owners(session, parsed, checker)
        return _failed(checker.errors, len(sheet.rows))

    with write_session(engine) as session:
        existing, owners = _check_owners(session, parsed, checker)
        if checker.errors:
            return _failed(checker.errors, len(sheet.rows))  # nothing was written
        created, updated = _apply(session, parsed, existing, owners)
        product_search.refresh(session.connection())  # new and renamed products searchable
        audit.append(
            session, "products_imported", staff_id, "",
            created=created, updated=updated, rows=len(parsed), file=path.name,
        )
    return ImportReport(ok=True, errors=[], created=created, updated=updated, rows=len(parsed))


def _check_owners(
    session: Session, parsed: list[_Row], checker: _Checker
) -> tuple[dict[str, Product], dict[str, tuple[str, str]]]:
    """A barcode in the file that another product already has is the row's error."""
    existing = _products_by_sku(session, [r.sku for r in parsed])
    owners = _barcode_owners(session, [c for r in parsed for c in r.barcodes])
    for r in parsed:
        mine = existing.get(r.sku)
        for code in r.barcodes:
            for form in barcode_forms(code):
                owner = owners.get(form)
                if owner is not None and (mine is None or owner[0] != mine.id):
                    checker.error(
                        r.number, "barcode", M_BARCODE_OTHER_SKU, code=code, sku=owner[1]
                    )
                    break
    return existing, owners


def _failed(errors: list[RowError], rows: int) -> ImportReport:
    ordered = sorted(errors, key=lambda e: e.row)  # stable: field order kept within a row
    return ImportReport(ok=False, errors=ordered, created=0, updated=0, rows=rows)


def _products_by_sku(session: Session, skus: list[str]) -> dict[str, Product]:
    out: dict[str, Product] = {}
    for chunk in _chunks(skus):
        for p in session.exec(select(Product).where(col(Product.sku).in_(chunk))):
            out[p.sku] = p
    return out


def _barcode_owners(session: Session, codes: list[str]) -> dict[str, tuple[str, str]]:
    """code -> (product id, SKU) for every form of the given codes already in the catalog."""
    forms = sorted({f for c in codes for f in barcode_forms(c)})
    out: dict[str, tuple[str, str]] = {}
    for chunk in _chunks(forms):
        rows = session.exec(
            select(Barcode.code, Product.id, Product.sku)
            .join(Product, col(Product.id) == Barcode.product_id)
            .where(col(Barcode.code).in_(chunk))
        )
        for code, product_id, sku in rows:
            out[code] = (product_id, sku)
    return out


def _apply(
    session: Session, rows: list[_Row], existing: dict[str, Product],
    owners: dict[str, tuple[str, str]],
) -> tuple[int, int]:
    """Write the checked rows. New rows go in as bulk INSERTs (thousands of SQLModel objects
    are slow to build); every column is given, so model defaults are not needed."""
    created = updated = 0
    new_products: list[dict[str, object]] = []
    new_codes: list[dict[str, object]] = []
    moves: list[dict[str, object]] = []
    now = utcnow()

    def move(product_id: str, quantity: int, reason: str) -> None:
        moves.append(
            {"id": new_id(), "product_id": product_id, "quantity": quantity, "reason": reason,
             "sale_id": None, "sale_line_id": None, "created_at": now}
        )

    for r in rows:
        product = existing.get(r.sku)
        if product is None:
            product_id = new_id()
            new_products.append(
                {
                    "id": product_id,
                    "sku": r.sku,
                    "name_zh": r.name_zh,
                    "name_en": r.name_en or "",
                    "price": r.price,
                    "member_price": r.member_price,
                    "category": r.category or "",
                    "tax_rate_bp": 1300 if r.tax_rate_bp is None else r.tax_rate_bp,
                    "unit_tracked": bool(r.unit_tracked),
                    "active": True,
                    "stock_qty": r.stock or 0,
                    "updated_at": now,
                }
            )
            if r.stock:
                move(product_id, r.stock, "receive")
            created += 1
        else:
            product_id = product.id
            product.name_zh = r.name_zh
            product.price = r.price
            if r.name_en is not None:
                product.name_en = r.name_en
            if r.member_price is not None:
                product.member_price = r.member_price
            if r.category is not None:
                product.category = r.category
            if r.tax_rate_bp is not None:
                product.tax_rate_bp = r.tax_rate_bp
            if r.unit_tracked is not None:
                product.unit_tracked = r.unit_tracked
            if r.stock is not None and r.stock != product.stock_qty:
                move(product_id, r.stock - product.stock_qty, "adjust")
                product.stock_qty = r.stock
            product.updated_at = now
            session.add(product)
            updated += 1
        for code in r.barcodes:
            if not any(form in owners for form in barcode_forms(code)):
                new_codes.append({"code": code, "product_id": product_id})
                owners[code] = (product_id, r.sku)
    session.flush()
    for table, values in (
        (Product.__table__, new_products),
        (Barcode.__table__, new_codes),
        (StockMove.__table__, moves),
    ):
        if values:
            session.execute(insert(table), values)
    return created, updated


def run_import_cli(engine: Engine, path: Path | str) -> int:
    """`shopfloor import-products FILE`: 0 imported, 1 bad rows (nothing imported), 2 unreadable."""
    try:
        report = import_products(engine, Path(path))
    except PosError as exc:
        if exc.code != "import_file_unreadable":
            raise
        print(exc.message(), file=sys.stderr)
        return 2
    if not report.ok:
        for e in report.errors:
            label = e.column or e.field
            print(gettext(M_CLI_ROW).format(row=e.row, field=label, message=e.message))
        print(PosError("import_has_errors", count=report.error_rows).message())
        return 1
    print(PosError("import_done", created=report.created, updated=report.updated).message())
    return 0
