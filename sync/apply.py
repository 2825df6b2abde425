"""Writing pulled rows into the local tables, inside the puller's page transaction.

Set-based Core statements (executemany upserts) rather than ORM objects: a first pull can
bring 200k products, and the page transaction holds SQLite's write lock, which a sale at
the till is waiting for. Columns only the terminal owns (stock_qty, PIN lock-out counters)
are never touched by an upsert.

Unique business keys (product sku, staff code, barcode) belong to HQ's row: a local row
that holds a sku/code HQ now gives to another id is renamed to `~<its id>` and deactivated
(it stays for the sales that reference it; its own upsert, if HQ sends one, restores it).
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.dialects.sqlite import insert
from sqlmodel import Session

from kernel.sqlite import driver_of
from local_db import product_index
from local_db.ids import utcnow
from local_db.models import Barcode, Product, Staff
from sync.contract.streams_catalog import PriceData, ProductData, StaffData

_P: Table = Product.__table__  # type: ignore[assignment]
_B: Table = Barcode.__table__  # type: ignore[assignment]
_S: Table = Staff.__table__  # type: ignore[assignment]
CHUNK = 500  # ids per IN (...) list
_PRODUCT_COLUMNS = ("id", "sku", "name_zh", "name_en", "price", "member_price", "category",
                    "tax_rate_bp", "unit_tracked", "active", "stock_qty", "updated_at", "cost",
                    "tags")
_PRODUCT_OWNED = (*_PRODUCT_COLUMNS[1:10], "updated_at", "cost", "tags")  # not stock_qty
_PRODUCT_UPSERT = (
    f"INSERT INTO product ({', '.join(_PRODUCT_COLUMNS)})"
    f" VALUES ({', '.join('?' * len(_PRODUCT_COLUMNS))}) ON CONFLICT (id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in _PRODUCT_OWNED))


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(items), CHUNK):
        yield items[start:start + CHUNK]


_EACH = "(SELECT value FROM json_each(?))"  # a page's keys as ONE JSON parameter


def _free_unique(session: Session, table: Table, column: str, wanted: dict[str, str]) -> None:
    """`wanted` maps value → id that must own it; move other holders out of the way.
    (Looked up on the DBAPI connection with the values as one JSON parameter: SQLAlchemy
    expanding 2,000 bound values per page was a tenth of a first download's apply.)"""
    conn = session.connection()
    raw = driver_of(conn)
    clashes: list[dict[str, str]] = []
    found = raw.execute(f"SELECT id, {column} FROM {table.name} WHERE {column} IN {_EACH}",
                        (json.dumps(list(wanted), ensure_ascii=False),))
    for row_id, value in found:
        if wanted[value] != row_id:
            clashes.append({"rid": row_id, "val": f"~{row_id}"})
    if clashes:
        conn.execute(
            update(table).where(table.c.id == bindparam("rid"))
            .values({column: bindparam("val"), "active": False}),
            clashes,
        )


def upsert_products(session: Session, rows: list[ProductData]) -> None:
    if not rows:
        return
    conn = session.connection()
    _free_unique(session, _P, "sku", {r.sku: r.id for r in rows})
    now = f"{utcnow():%Y-%m-%d %H:%M:%S.%f}"  # as SQLAlchemy's SQLite DateTime stores it
    raw = driver_of(conn)  # same transaction, no per-row binding work
    # Tags "[]" as json.dumps writes it: most rows have none, and dumping an empty list per
    # row was a third of building a page's parameters.
    raw.executemany(_PRODUCT_UPSERT, [
        (r.id, r.sku, r.name_zh, r.name_en, r.price, r.member_price, r.category,
         r.tax_rate_bp, int(r.unit_tracked), int(r.active), 0, now, r.cost,
         json.dumps(r.tags, ensure_ascii=False) if r.tags else "[]") for r in rows])
    raw.execute(f"DELETE FROM barcode WHERE product_id IN {_EACH}",  # replaced, not merged
                (json.dumps([r.id for r in rows], ensure_ascii=False),))
    codes = {code: r.id for r in rows for code in r.barcodes}  # a code moves to its last owner
    raw.executemany("INSERT INTO barcode (code, product_id) VALUES (?, ?) ON CONFLICT (code)"
                    " DO UPDATE SET product_id = excluded.product_id", list(codes.items()))
    product_index.refresh(conn)  # the page's new and renamed products, same transaction


def update_prices(session: Session, rows: list[PriceData]) -> None:
    """Price changes for products we have; a price for an unknown product waits for its row."""
    if not rows:
        return
    session.connection().execute(
        update(_P).where(_P.c.id == bindparam("pid")).values(
            price=bindparam("price"), member_price=bindparam("mprice"), updated_at=utcnow()
        ),
        [{"pid": r.product_id, "price": r.price, "mprice": r.member_price} for r in rows],
    )


def upsert_staff(session: Session, store_id: str, rows: list[StaffData]) -> None:
    if not rows:
        return
    conn = session.connection()
    _free_unique(session, _S, "code", {r.code: r.id for r in rows})
    stmt = insert(_S)
    owned = ("code", "name", "role", "pin_hash", "active")
    conn.execute(
        stmt.on_conflict_do_update(
            index_elements=["id"], set_={c: stmt.excluded[c] for c in owned}
        ),
        [
            {"id": r.id, "store_id": store_id, "code": r.code, "name": r.name, "role": r.role,
             "pin_hash": r.pin_hash, "active": r.active, "failed_attempts": 0}
            for r in rows
        ],
    )


def deactivate(session: Session, table_name: str, ids: list[str]) -> None:
    """Tombstones: rows stay (sales reference them) but can no longer be sold or sign in."""
    table = {"product": _P, "staff": _S}[table_name]
    for chunk in _chunks(ids):
        session.connection().execute(
            update(table).where(table.c.id.in_(chunk)).values(active=False)
        )


def sweep(session: Session, table_name: str | None, keep: set[str]) -> int:
    """After a full re-pull: deactivate active rows HQ no longer has (tombstones pruned)."""
    if table_name is None:
        return 0
    table = {"product": _P, "staff": _S}[table_name]
    conn = session.connection()
    active = conn.execute(select(table.c.id).where(table.c.active)).scalars()
    gone = [row_id for row_id in active if row_id not in keep]
    deactivate(session, table_name, gone)
    return len(gone)
