"""The `units` stream into the terminal's Unit table (upsert by unit_key, inside the page
transaction of sync.puller).

HQ's row is the truth for units this store has, except while a local change to the unit
still waits in the outbox (a sale, a return, a receipt HQ has not answered): that unit is
skipped, and HQ republishes it with a newer cursor once our event reaches it.
A sale or a guide named by HQ is only linked when it exists here (a sale made on another
till of the store is not in this database; the local row then carries state + sold_at).
A tombstone (the unit left this store) removes the local row and its local history, unless a
sale here points at it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Table, delete, select
from sqlalchemy.dialects.sqlite import insert
from sqlmodel import Session

from local_db.ids import as_utc, utcnow
from local_db.models import OutboxEvent, Product, Sale, SaleLine, Staff, Unit, UnitEvent
from sync.contract.envelope import Change
from sync.contract.streams_units import UnitData

_U: Table = Unit.__table__  # type: ignore[assignment]
_E: Table = UnitEvent.__table__  # type: ignore[assignment]
UNIT_EVENTS = ("sale.completed", "units.sold", "return.completed", "units.received")
_OWNED = ("product_id", "gtin", "sku", "serial", "lot", "expiry", "state", "store_id",
          "sale_id", "sale_line_id", "sold_at", "guide_id", "updated_at", "receipt_no")


def pending_unit_keys(session: Session) -> set[str]:
    """Unit keys named by outbox events HQ has not answered yet."""
    keys: set[str] = set()
    rows = session.connection().execute(
        select(OutboxEvent.payload).where(OutboxEvent.status == "pending",
                                          OutboxEvent.type.in_(UNIT_EVENTS)))
    for (text,) in rows:
        try:
            payload = json.loads(text)
        except (TypeError, ValueError):
            continue
        for name in ("lines", "unit_moves", "moves", "units"):
            for item in payload.get(name) or ():
                if isinstance(item, dict):
                    keys.update(str(item[k]) for k in ("unit_key", "unit_code") if item.get(k))
    return keys


def _existing(session: Session, table: Table, ids: Iterable[str | None]) -> set[str]:
    wanted = sorted({i for i in ids if i})
    if not wanted:
        return set()
    return set(session.connection().execute(
        select(table.c.id).where(table.c.id.in_(wanted))).scalars())


def _when(text: str | None) -> datetime | None:
    if not text:
        return None
    return as_utc(datetime.fromisoformat(text))


def apply_units(session: Session, store_id: str, changes: list[Change]) -> tuple[int, int]:
    """Apply one page; returns (applied, skipped because pending)."""
    latest: dict[str, Change] = {}
    for change in changes:
        latest.pop(change.key, None)
        latest[change.key] = change
    rows: list[UnitData] = []
    gone: list[str] = []
    for change in latest.values():
        if change.op == "delete":
            gone.append(str((change.data or {}).get("unit_key") or ""))
        else:
            rows.append(UnitData.model_validate(change.data or {}))
    blocked = pending_unit_keys(session)
    rows = [r for r in rows if r.unit_key not in blocked]
    gone = [k for k in gone if k and k not in blocked]
    skipped = len(latest) - len(rows) - len(gone)
    _upsert(session, store_id, rows)
    _remove(session, gone)
    return len(rows) + len(gone), skipped


def _upsert(session: Session, store_id: str, rows: list[UnitData]) -> None:
    if not rows:
        return
    conn = session.connection()
    products = _existing(session, Product.__table__, (r.product_id for r in rows))
    sales = _existing(session, Sale.__table__, (r.sale_id for r in rows))
    staff = _existing(session, Staff.__table__, (r.guide_id for r in rows))
    lines: dict[tuple[str, str], str] = {}
    if sales:
        for line_id, sale_id, code in conn.execute(
                select(SaleLine.id, SaleLine.sale_id, SaleLine.unit_code)
                .where(SaleLine.sale_id.in_(sorted(sales)), SaleLine.unit_code.is_not(None))):
            lines[(sale_id, code)] = line_id
    now = utcnow()
    values: list[dict[str, Any]] = []
    for r in rows:
        if r.product_id not in products:
            continue  # products are pulled first; a product we lack cannot be sold here
        sale_id = r.sale_id if r.sale_id in sales else None
        values.append({
            "id": r.id, "unit_key": r.unit_key, "product_id": r.product_id, "gtin": r.gtin,
            "sku": r.sku, "serial": r.serial, "lot": r.lot, "expiry": r.expiry,
            "state": r.state, "store_id": store_id, "sale_id": sale_id,
            "sale_line_id": lines.get((sale_id, r.unit_key)) if sale_id else None,
            "sold_at": _when(r.sold_at),
            "guide_id": r.guide_id if r.guide_id in staff else None, "updated_at": now,
            "receipt_no": r.receipt_no if r.state == "sold" else None,
        })
    if values:
        stmt = insert(_U)
        conn.execute(stmt.on_conflict_do_update(
            index_elements=["unit_key"], set_={c: stmt.excluded[c] for c in _OWNED}), values)


def _remove(session: Session, unit_keys: list[str]) -> None:
    if not unit_keys:
        return
    conn = session.connection()
    ids = list(conn.execute(select(_U.c.id).where(
        _U.c.unit_key.in_(unit_keys), _U.c.sale_id.is_(None))).scalars())
    if ids:
        conn.execute(delete(_E).where(_E.c.unit_id.in_(ids)))
        conn.execute(delete(_U).where(_U.c.id.in_(ids)))
