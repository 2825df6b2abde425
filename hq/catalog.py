"""Product catalogue at HQ: CSV import, price changes, deletions, all fed to the change log.

Import is all-or-nothing: every row is checked first, and the whole file is refused with the
line numbers of its bad rows, so a half-imported price list never reaches the stores.
Prices are yuan text parsed by the terminal's own `parse_yuan` (never via float).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select, update

from hq import catalog_xlsx, changes
from hq import models as m
from hq.admin import AdminError, id_by_code
from hq.db import writer
from pos_app.domain.money import parse_yuan
from sync.contract.streams_catalog import PriceData, ProductData

COLUMNS = ("sku", "name_zh", "name_en", "barcode", "price", "member_price", "category",
           "tax_rate", "unit_tracked")
# Issue 16, optional: `cost` (yuan, ≥ 0; blank = unknown) and `tags` ("奶粉|进口", also split
# on ";" and ","). A file without the column leaves what HQ holds untouched.
OPTIONAL = ("cost", "tags")
MAX_TAGS, MAX_TAG_CHARS = 50, 64
_TRUE, _FALSE = {"1", "y", "yes", "true", "是"}, {"", "0", "n", "no", "false", "否"}


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


def _tax_bp(text: str) -> int | None:
    """'13', '13%', '0.13' → 1300 basis points; '' → the default 13 %."""
    value = text.strip().rstrip("%％").strip()
    if not value:
        return 1300
    try:
        number = Decimal(value)
    except InvalidOperation:
        return None
    if number.is_finite() and 0 < number < 1 and not text.strip().endswith(("%", "％")):
        number *= 100
    bp = number * 100 if number.is_finite() else Decimal(-1)
    return int(bp) if bp == bp.to_integral_value() and 0 <= bp <= 10_000 else None


def _parse_row(row: dict[str, str]) -> dict[str, Any]:
    cell = {k: (row.get(k) or "").strip() for k in COLUMNS}
    price = parse_yuan(cell["price"])
    member = parse_yuan(cell["member_price"]) if cell["member_price"] else None
    tax = _tax_bp(cell["tax_rate"])
    flag = cell["unit_tracked"].lower()
    problems = [name for name, bad in (
        ("sku", not cell["sku"] or len(cell["sku"]) > 64),
        ("name_zh", not cell["name_zh"]),
        ("price", price is None or price < 0),
        ("member_price", cell["member_price"] != "" and (member is None or member < 0)),
        ("tax_rate", tax is None),
        ("unit_tracked", flag not in _TRUE | _FALSE),
    ) if bad]
    if problems:
        raise ValueError(", ".join(problems))
    codes = [c.strip() for c in cell["barcode"].replace(";", "|").split("|") if c.strip()]
    return {"sku": cell["sku"], "name_zh": cell["name_zh"], "name_en": cell["name_en"],
            "price": price, "member_price": member, "category": cell["category"],
            "tax_rate_bp": tax, "unit_tracked": flag in _TRUE, "barcodes": codes,
            **_optional(row)}


def _optional(row: dict[str, str]) -> dict[str, Any]:
    """`cost` and `tags`, only when the file has the column (else HQ's values stay)."""
    found: dict[str, Any] = {}
    if "cost" in row:
        text = (row.get("cost") or "").strip()
        cost = parse_yuan(text) if text else None
        if text and (cost is None or cost < 0):
            raise ValueError("cost")
        found["cost"] = cost
    if "tags" in row:
        text = (row.get("tags") or "").replace(";", "|").replace(",", "|")
        tags = sorted({t.strip() for t in text.split("|") if t.strip()})
        if len(tags) > MAX_TAGS or any(len(t) > MAX_TAG_CHARS for t in tags):
            raise ValueError("tags")
        found["tags"] = json.dumps(tags, ensure_ascii=False)
    return found


MAX_CSV_BYTES = 20 * 1024 * 1024  # the till's limits (pos_app/services/import_limits.py)
MAX_CSV_ROWS = 50_000


def read_csv(path: Path) -> list[dict[str, Any]]:
    """The product rows of a CSV file, or of an .xlsx sheet (hq/catalog_xlsx.py: same
    columns in its header row), all checked before any is returned."""
    try:
        if path.stat().st_size > MAX_CSV_BYTES:  # refused before it is read
            raise AdminError(f"{path} is over {MAX_CSV_BYTES // 2**20} MB: split it")
        if path.suffix.lower() in catalog_xlsx.SUFFIXES:
            return _checked(path, *catalog_xlsx.read_xlsx(path, MAX_CSV_ROWS))
        data = path.read_bytes()
    except OSError as exc:
        raise AdminError(f"cannot read {path}: {exc.strerror or exc}") from exc
    try:
        text = data.decode("utf-8-sig")  # Excel writes a BOM
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")  # Chinese Excel's "CSV" default
        except UnicodeDecodeError as exc:
            raise AdminError(f"{path} is neither UTF-8 nor GB18030 text") from exc
    reader = csv.DictReader(text.splitlines())
    return _checked(path, list(reader.fieldnames or ()), reader)


def _checked(path: Path, names: list[str], records: Iterable[dict[str, str]]
             ) -> list[dict[str, Any]]:
    missing = {"sku", "name_zh", "price"} - set(names)
    if missing:
        raise AdminError(f"missing columns: {', '.join(sorted(missing))}")
    rows, errors = [], []
    for line_no, raw in enumerate(records, start=2):
        if line_no > MAX_CSV_ROWS + 1:
            raise AdminError(f"{path} has more than {MAX_CSV_ROWS} rows: split it")
        try:
            rows.append(_parse_row(raw))
        except ValueError as exc:
            errors.append(f"line {line_no}: bad {exc}")
    if errors:
        raise AdminError("import refused, nothing written:\n" + "\n".join(errors[:50]))
    return rows


def product_data(conn: Connection, product_id: str) -> dict[str, Any]:
    prod, bc = m.Product.__table__, m.Barcode.__table__
    row = conn.execute(select(prod).where(prod.c.id == product_id)).one()
    codes = conn.execute(
        select(bc.c.code).where(bc.c.product_id == product_id).order_by(bc.c.code)
    ).scalars().all()
    fields = {k: getattr(row, k) for k in ProductData.model_fields
              if k not in ("barcodes", "tags")}
    data = ProductData(**fields, barcodes=list(codes), tags=json.loads(row.tags or "[]"))
    # Without a cost or tags the row is sent as before them: a till older than issue 16
    # refuses fields it does not know, so only products that have them need a newer till.
    unset = {"cost"} if data.cost is None else set()
    return data.model_dump(exclude=unset | (set() if data.tags else {"tags"}))


def import_products(engine: Engine, path: Path) -> ImportResult:
    rows = read_csv(Path(path))
    prod, bc = m.Product.__table__, m.Barcode.__table__
    created = updated = 0
    with writer(engine).begin() as conn:
        for row in rows:
            codes = row.pop("barcodes")
            pid = conn.execute(select(prod.c.id).where(prod.c.sku == row["sku"])).scalar()
            values = {**row, "active": True, "updated_at": m.utcnow()}
            if pid is None:
                pid = m.new_id()
                conn.execute(insert(prod), {"id": pid, **values})
                created += 1
            else:
                conn.execute(update(prod).where(prod.c.id == pid).values(**values))
                updated += 1
            conn.execute(delete(bc).where(bc.c.product_id == pid))
            for code in codes:
                owner = conn.execute(select(bc.c.product_id).where(bc.c.code == code)).scalar()
                if owner is not None:
                    raise AdminError(f"barcode {code} belongs to another product")
                conn.execute(insert(bc), {"code": code, "product_id": pid})
            changes.record(conn, "products", pid, "upsert", product_data(conn, pid))
    return ImportResult(created=created, updated=updated)


def _product_id(conn: Connection, sku: str) -> str:
    """The id of the product HQ knows by `sku` (withdrawn ones too); AdminError if none."""
    return id_by_code(conn, m.Product.__table__, "sku", sku, "sku")


def set_price(engine: Engine, sku: str, price: int, member_price: int | None = None) -> None:
    """A price change goes out on the light `prices` stream, not as a whole product."""
    prod = m.Product.__table__
    with writer(engine).begin() as conn:
        pid = _product_id(conn, sku)
        conn.execute(update(prod).where(prod.c.id == pid).values(
            price=price, member_price=member_price, updated_at=m.utcnow()))
        data = PriceData(product_id=pid, price=price, member_price=member_price).model_dump()
        changes.record(conn, "prices", pid, "upsert", data)


def delete_product(engine: Engine, sku: str) -> str:
    """Withdraw a product: HQ keeps the row (old sales name it) and sends a tombstone."""
    prod, bc = m.Product.__table__, m.Barcode.__table__
    with writer(engine).begin() as conn:
        pid = _product_id(conn, sku)
        conn.execute(update(prod).where(prod.c.id == pid).values(
            active=False, updated_at=m.utcnow()))
        conn.execute(delete(bc).where(bc.c.product_id == pid))
        changes.record(conn, "products", pid, "delete")
    return pid
