"""Apply pushed events: store each once (by event_id) and apply it in the same transaction.

One database transaction per batch, one SAVEPOINT per event: a bad event is rolled back on
its own and answered `rejected`/`conflict` while the others still commit. The event row is
inserted with `INSERT … ON CONFLICT (event_id) DO NOTHING RETURNING id` on both SQLite and
PostgreSQL; no returned id means the event is already here → `duplicate`, nothing applied.
Two batches racing with the same events cannot both apply them: PostgreSQL makes the second
insert wait on the unique index until the first commits, then skips it; SQLite runs the
batches one after the other (BEGIN IMMEDIATE).
"""

from __future__ import annotations

import json

from sqlalchemy import Connection, Engine, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DataError, IntegrityError

from hq import models as m
from hq.auth import DeviceInfo
from hq.db import writer
from hq.payloads import (
    AuditPayload,
    Payload,
    PayloadError,
    SalePayload,
    ShiftClosedPayload,
    ShiftOpenedPayload,
    parse_payload,
)
from sync.dto import EventIn, EventResult

EV, EXC = m.Event.__table__, m.SyncException.__table__
MAX_BIGINT = 2**63 - 1


class ConflictError(Exception):
    """The event is well formed but clashes with what HQ already holds."""


def push(engine: Engine, device: DeviceInfo, events: list[EventIn]) -> list[EventResult]:
    with writer(engine).begin() as conn:
        return [_one(conn, device, ev) for ev in events]


def _insert_event(conn: Connection, values: dict[str, object]) -> int | None:
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    stmt = (
        dialect.insert(EV)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["event_id"])
        .returning(EV.c.id)
    )
    return conn.execute(stmt).scalar()


def _exception(conn: Connection, kind: str, detail: str, event_id: str, device_id: str) -> None:
    conn.execute(
        insert(EXC),
        {"kind": kind, "detail": detail, "event_id": event_id, "device_id": device_id,
         "created_at": m.utcnow()},
    )


def _one(conn: Connection, device: DeviceInfo, ev: EventIn) -> EventResult:
    unstorable = _unstorable(ev)
    if unstorable:  # cannot even be recorded as sent; say why and keep a trace
        _exception(conn, "rejected", unstorable, ev.event_id.replace("\x00", "\\0"), device.id)
        return EventResult(event_id=ev.event_id, status="rejected", reason=unstorable)
    status, reason, payload = "accepted", "", None
    try:
        payload = parse_payload(ev.type, ev.payload)
        _check_ownership(device, ev, payload)
    except PayloadError as exc:
        status, reason = "rejected", str(exc)
    try:
        with conn.begin_nested():
            event_row_id = _insert_event(conn, {
                "event_id": ev.event_id, "device_id": device.id, "type": ev.type,
                "entity_id": ev.entity_id, "seq": ev.seq, "created_at": ev.created_at,
                "payload": json.dumps(ev.payload, ensure_ascii=False, sort_keys=True),
                "received_at": m.utcnow(), "status": status, "reason": reason,
            })
    except DataError as exc:  # e.g. a value PostgreSQL will not store; keep the batch going
        reason = f"unstorable event: {type(exc.orig).__name__}"
        _exception(conn, "rejected", reason, ev.event_id, device.id)
        return EventResult(event_id=ev.event_id, status="rejected", reason=reason)
    if event_row_id is None:
        return _duplicate(conn, ev.event_id)
    if status == "rejected":
        _exception(conn, "rejected", reason, ev.event_id, device.id)
        return EventResult(event_id=ev.event_id, status="rejected", reason=reason)
    try:
        with conn.begin_nested():
            APPLY[type(payload)](conn, device, ev, payload)
    except (ConflictError, IntegrityError) as exc:
        reason = _conflict_reason(exc)
        conn.execute(update(EV).where(EV.c.id == event_row_id).values(
            status="conflict", reason=reason))
        _exception(conn, "conflict", reason, ev.event_id, device.id)
        return EventResult(event_id=ev.event_id, status="conflict", reason=reason)
    except DataError as exc:  # passed validation yet the database refuses a value
        reason = f"payload invalid: {type(exc.orig).__name__}"
        conn.execute(update(EV).where(EV.c.id == event_row_id).values(
            status="rejected", reason=reason))
        _exception(conn, "rejected", reason, ev.event_id, device.id)
        return EventResult(event_id=ev.event_id, status="rejected", reason=reason)
    return EventResult(event_id=ev.event_id, status="accepted")


def _unstorable(ev: EventIn) -> str:
    if ev.seq > MAX_BIGINT:
        return "seq out of range"
    if any("\x00" in s for s in (ev.event_id, ev.entity_id, ev.created_at)):
        return "NUL character in event fields"
    return ""


def _duplicate(conn: Connection, event_id: str) -> EventResult:
    """Already here. A retry of an accepted event is `duplicate`; a retry of one HQ refused
    gets the original verdict again, so a lost response never turns a refusal into success."""
    row = conn.execute(select(EV.c.status, EV.c.reason).where(EV.c.event_id == event_id)).one()
    if row.status == "accepted":
        return EventResult(event_id=event_id, status="duplicate")
    return EventResult(event_id=event_id, status=row.status, reason=row.reason)


def _conflict_reason(exc: Exception) -> str:
    if isinstance(exc, IntegrityError):
        return "conflict: already recorded (" + str(exc.orig).splitlines()[0][:200] + ")"
    return f"conflict: {exc}"


def _check_ownership(device: DeviceInfo, ev: EventIn, payload: Payload) -> None:
    """A device speaks for its own terminal only, and the envelope must name the payload."""
    terminal_id = getattr(payload, "terminal_id", device.terminal_id)
    if terminal_id != device.terminal_id:
        raise PayloadError(
            f"terminal_id {terminal_id!r} is not this device's terminal {device.terminal_id!r}"
        )
    entity = {SalePayload: "id", ShiftOpenedPayload: "shift_id", ShiftClosedPayload: "shift_id"}
    field = entity.get(type(payload))
    if field and getattr(payload, field) != ev.entity_id:
        raise PayloadError(f"entity_id {ev.entity_id!r} does not match payload {field}")


def _apply_sale(conn: Connection, device: DeviceInfo, ev: EventIn, p: SalePayload) -> None:
    conn.execute(insert(m.Sale.__table__), {
        "id": p.id, "event_id": ev.event_id, "store_id": device.store_id,
        "terminal_id": device.terminal_id, "device_id": device.id, "receipt_no": p.receipt_no,
        "shift_id": p.shift_id, "cashier_id": p.cashier_id, "guide_id": p.guide_id,
        "created_at": p.created_at, "received_at": m.utcnow(), "status": "completed",
        "subtotal": p.subtotal, "discount_total": p.discount_total, "total": p.total,
        "tax_total": p.tax_total, "paid": p.paid, "change": p.change,
        "line_count": len(p.lines), "order_discount_reason": p.order_discount_reason or "",
    })
    lines = [
        {**ln.model_dump(), "sale_id": p.id, "barcode": ln.barcode or "",
         "discount_reason": ln.discount_reason or ""}
        for ln in p.lines
    ]
    conn.execute(insert(m.SaleLine.__table__), lines)
    conn.execute(insert(m.Tender.__table__), [
        {**t.model_dump(), "sale_id": p.id} for t in p.tenders
    ])
    conn.execute(insert(m.StockMove.__table__), [
        {"store_id": device.store_id, "product_id": ln.product_id, "quantity": -ln.quantity,
         "reason": "sale", "sale_id": p.id, "sale_line_id": ln.id, "created_at": p.created_at}
        for ln in p.lines
    ])


def _apply_shift_opened(
    conn: Connection, device: DeviceInfo, ev: EventIn, p: ShiftOpenedPayload
) -> None:
    conn.execute(insert(m.Shift.__table__), {
        "id": p.shift_id, "store_id": device.store_id, "terminal_id": device.terminal_id,
        "opened_by": p.opened_by, "opened_at": p.opened_at, "opening_float": p.opening_float,
    })


def _apply_shift_closed(
    conn: Connection, device: DeviceInfo, ev: EventIn, p: ShiftClosedPayload
) -> None:
    shift = m.Shift.__table__
    done = conn.execute(
        update(shift)
        .where(shift.c.id == p.shift_id, shift.c.terminal_id == device.terminal_id,
               shift.c.closed_at.is_(None))
        .values(closed_at=p.closed_at, closed_by=p.closed_by, counted_cash=p.counted_cash)
    ).rowcount
    if not done:
        raise ConflictError(f"shift {p.shift_id} is unknown or already closed")


def _apply_audit(conn: Connection, device: DeviceInfo, ev: EventIn, p: AuditPayload) -> None:
    conn.execute(insert(m.Audit.__table__), {
        **p.model_dump(), "event_id": ev.event_id, "terminal_id": device.terminal_id,
    })


APPLY = {
    SalePayload: _apply_sale,
    ShiftOpenedPayload: _apply_shift_opened,
    ShiftClosedPayload: _apply_shift_closed,
    AuditPayload: _apply_audit,
}
