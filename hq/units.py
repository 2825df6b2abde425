"""HQ's unit registry (一物一码): the authoritative state machine, applied per pushed event.

`in_stock → sold → returned → in_stock` (PRODUCT §2). HQ never refuses the money: a sale of
a unit HQ does not know, that is in stock at ANOTHER store, or that another sale already
sold, is stored, and the unit's clash is returned as an anomaly text (the event then gets
status `conflict`, reason `unit_anomaly: …`, and an exception row of kind `unit_anomaly`).
HQ keeps the first truth: a unit already sold stays with its first sale.

Every change HQ applies is published on the per-store `units` stream (key = unit id): an
upsert for the unit's store, and a tombstone first for the store it left (its data is
`{"unit_key": …}` so a till that holds the unit under another id still finds it).
"""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Connection, insert, select, update

from hq import changes
from hq import models as m
from hq.errors import ConflictError
from sync.contract.events_sale import check_sale_units
from sync.contract.streams_units import UnitData

U, UE = m.Unit.__table__, m.UnitEvent.__table__
SALE, LINE, STORE = m.Sale.__table__, m.SaleLine.__table__, m.Store.__table__
ANOMALY = "unit_anomaly"


def key_parts(unit_key: str) -> tuple[str | None, str | None, str]:
    """(gtin, sku, serial) from `<gtin14>:<serial>` or `sku:<sku>:<serial>`."""
    if unit_key.startswith("sku:") and unit_key.count(":") >= 2:
        _, sku, serial = unit_key.split(":", 2)
        return None, sku[:64], serial[:64]
    gtin, _, serial = unit_key.partition(":")
    if len(gtin) == 14 and gtin.isdigit() and serial:
        return gtin, None, serial[:64]
    return None, None, unit_key[-64:]


def anomaly_reason(problems: list[str]) -> str:
    return f"{ANOMALY}: " + " | ".join(problems)


def _store_code(conn: Connection, store_id: str | None) -> str:
    if not store_id:
        return "?"
    return conn.execute(select(STORE.c.code).where(STORE.c.id == store_id)).scalar() or store_id


def _receipt(conn: Connection, sale_id: str | None) -> str | None:
    if not sale_id:
        return None
    return conn.execute(select(SALE.c.receipt_no).where(SALE.c.id == sale_id)).scalar()


def _where_from(conn: Connection, row: Any) -> str:
    if row is None or row.received_at is None:
        return "never received at HQ"
    return (f"first received at store {_store_code(conn, row.received_store_id)} "
            f"{row.received_at:%Y-%m-%d} ({row.received_by or '?'})")


def _utc(at: datetime) -> datetime:
    """SQLite hands timestamptz back naive; every time HQ stores is UTC."""
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def publish(conn: Connection, unit_id: str, left_store: str | None = None) -> None:
    """The unit's current row to its store; a tombstone first to the store it left."""
    row = conn.execute(select(U).where(U.c.id == unit_id)).one()
    if left_store and left_store != row.store_id:
        changes.record(conn, "units", row.id, "delete", {"unit_key": row.unit_key},
                       store_id=left_store)
    data = UnitData(
        id=row.id, unit_key=row.unit_key, product_id=row.product_id, gtin=row.gtin,
        sku=row.sku, serial=row.serial, lot=row.lot, expiry=row.expiry, state=row.state,
        sale_id=row.sale_id, receipt_no=_receipt(conn, row.sale_id),
        sold_at=_utc(row.sold_at).isoformat() if row.sold_at else None, guide_id=row.guide_id,
    ).model_dump()
    changes.record(conn, "units", row.id, "upsert", data, store_id=row.store_id)


def _event(conn: Connection, row: Any, from_state: str | None, to_state: str, store_id: str,
           at: datetime, event_id: str | None, reason: str, sale_id: str | None = None,
           return_id: str | None = None) -> None:
    conn.execute(insert(UE), {
        "unit_id": row["id"] if isinstance(row, dict) else row.id,
        "unit_key": row["unit_key"] if isinstance(row, dict) else row.unit_key,
        "from_state": from_state, "to_state": to_state, "store_id": store_id,
        "sale_id": sale_id, "return_id": return_id, "event_id": event_id, "reason": reason,
        "at": at})


def _get(conn: Connection, unit_key: str) -> Any:
    return conn.execute(select(U).where(U.c.unit_key == unit_key)).first()


def _new_unit(unit_id: str, unit_key: str, product_id: str, at: datetime,
              **values: Any) -> dict[str, Any]:
    gtin, sku, serial = key_parts(unit_key)
    return {"id": unit_id, "unit_key": unit_key, "product_id": product_id, "gtin": gtin,
            "sku": sku, "serial": serial, "lot": None, "expiry": None, "state": "in_stock",
            "sale_id": None, "sold_at": None, "guide_id": None,
            "received_at": None, "received_store_id": None, "received_by": "",
            "updated_at": at, **values}


def sell(conn: Connection, store_id: str, event_id: str, sale: Any) -> list[str]:
    """Apply a stored sale's `unit_moves`; returns the anomalies (empty: all clean)."""
    problems = []
    here = _store_code(conn, store_id)
    lines = {ln.id: ln for ln in sale.lines}
    at = sale.created_at
    for mv in sale.unit_moves:
        line = lines[mv.sale_line_id]
        row = _get(conn, mv.unit_key)
        sold = {"state": "sold", "store_id": store_id, "sale_id": sale.id, "sold_at": at,
                "guide_id": line.guide_id or sale.guide_id, "updated_at": m.utcnow()}
        this = f"now sold on receipt {sale.receipt_no} at store {here}"
        if row is None:
            unit = _new_unit(mv.unit_id, mv.unit_key, line.product_id, at, **sold)
            conn.execute(insert(U), unit)
            _event(conn, unit, None, "sold", store_id, at, event_id, mv.reason, sale.id)
            publish(conn, mv.unit_id)
            problems.append(f"unit {mv.unit_key} unknown to HQ, {this}; never received at HQ")
            continue
        if row.state == "sold" and row.sale_id == sale.id:
            continue  # this very sale again (unit_moves and a units.sold event): no change
        if row.state == "in_stock":
            conn.execute(update(U).where(U.c.id == row.id).values(**sold))
            _event(conn, row, "in_stock", "sold", store_id, at, event_id, mv.reason, sale.id)
            publish(conn, row.id, left_store=row.store_id)
            if row.store_id != store_id:
                problems.append(f"unit {mv.unit_key} was in stock at store "
                                f"{_store_code(conn, row.store_id)}, {this}; "
                                f"{_where_from(conn, row)}")
            continue
        # sold, gifted, written_off…: HQ keeps its first truth and records the clash
        before = f"already {row.state}"
        if row.sale_id:
            first = conn.execute(select(SALE.c.receipt_no, SALE.c.store_id, SALE.c.created_at)
                                 .where(SALE.c.id == row.sale_id)).first()
            if first is not None:
                before += (f" on receipt {first.receipt_no} at store "
                           f"{_store_code(conn, first.store_id)} {first.created_at:%Y-%m-%d}")
        _event(conn, row, row.state, "sold", store_id, at, event_id,
               f"{ANOMALY}: {before}; kept", sale.id)
        publish(conn, row.id)  # settles the till's pending local row with HQ's truth
        problems.append(f"unit {mv.unit_key} {before}, {this}; {_where_from(conn, row)}")
    return problems


def sell_later(conn: Connection, device: Any, ev: Any, p: Any) -> list[str]:
    """`units.sold`: the moves of a sale HQ already stored (same terminal, earlier seq)."""
    sale = conn.execute(select(SALE).where(SALE.c.id == p.sale_id,
                                           SALE.c.terminal_id == device.terminal_id)).first()
    if sale is None:
        raise ConflictError(f"units.sold: sale {p.sale_id} is unknown at HQ")
    lines = conn.execute(select(LINE.c.id, LINE.c.product_id, LINE.c.guide_id,
                                LINE.c.unit_code).where(LINE.c.sale_id == p.sale_id)).all()
    try:
        check_sale_units(lines, p.moves)
    except ValueError as exc:
        raise ConflictError(f"units.sold: {exc}") from exc
    view = SimpleNamespace(id=sale.id, receipt_no=sale.receipt_no, created_at=sale.created_at,
                           guide_id=sale.guide_id, lines=lines, unit_moves=p.moves)
    return sell(conn, device.store_id, ev.event_id, view)


def return_units(conn: Connection, store_id: str, event_id: str, ret: Any) -> list[str]:
    """Units of a stored return go back in stock at the returning store."""
    problems = []
    at = ret.created_at
    for ln in ret.lines:
        if not ln.unit_code:
            continue
        row = _get(conn, ln.unit_code)
        back = {"state": "in_stock", "store_id": store_id, "sale_id": None, "sold_at": None,
                "guide_id": None, "updated_at": m.utcnow()}
        if row is None:
            unit = _new_unit(m.new_id(), ln.unit_code, ln.product_id, at, **back)
            conn.execute(insert(U), unit)
            _event(conn, unit, None, "in_stock", store_id, at, event_id, "return",
                   ret.sale_id, ret.id)
            publish(conn, unit["id"])
            problems.append(f"returned unit {ln.unit_code} (return {ret.return_no}) "
                            "unknown to HQ")
            continue
        if row.state != "sold" or row.sale_id != ret.sale_id:
            problems.append(
                f"returned unit {ln.unit_code} (return {ret.return_no}, receipt "
                f"{ret.receipt_no}) is {row.state} at HQ by receipt "
                f"{_receipt(conn, row.sale_id) or '-'} at store "
                f"{_store_code(conn, row.store_id)}")
        conn.execute(update(U).where(U.c.id == row.id).values(**back))
        _event(conn, row, row.state, "returned", store_id, at, event_id, "return",
               ret.sale_id, ret.id)
        _event(conn, row, "returned", "in_stock", store_id, at, event_id, "return",
               ret.sale_id, ret.id)
        publish(conn, row.id, left_store=row.store_id)
    return problems


def receive(conn: Connection, store_id: str, units: list[dict[str, Any]], by: str) -> list[str]:
    """Units received at a store → in_stock there. Known elsewhere or not in stock: flagged,
    and the receipt still wins (the unit is physically here)."""
    problems = []
    at = m.utcnow()
    for u in units:
        row = _get(conn, u["unit_key"])
        got = {"state": "in_stock", "store_id": store_id, "sale_id": None, "sold_at": None,
               "guide_id": None, "received_at": at, "received_store_id": store_id,
               "received_by": by, "updated_at": at}
        if row is None:
            unit = _new_unit(u["id"], u["unit_key"], u["product_id"], at, **got)
            unit.update({k: u.get(k) for k in ("gtin", "sku", "serial", "lot", "expiry")
                         if u.get(k) is not None})
            conn.execute(insert(U), unit)
            _event(conn, unit, None, "in_stock", store_id, at, by, "receive")
            publish(conn, unit["id"])
            continue
        if row.state == "in_stock" and row.store_id == store_id:
            continue  # received twice at the same store (HQ import and the till): harmless
        problems.append(f"unit {row.unit_key} received at store {_store_code(conn, store_id)} "
                        f"but HQ has it {row.state} at store {_store_code(conn, row.store_id)}"
                        f" (receipt {_receipt(conn, row.sale_id) or '-'}); "
                        f"{_where_from(conn, row)}")
        conn.execute(update(U).where(U.c.id == row.id).values(**got))
        _event(conn, row, row.state, "in_stock", store_id, at, by, f"{ANOMALY}: receive")
        publish(conn, row.id, left_store=row.store_id)
    return problems
