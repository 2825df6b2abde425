"""A pushed batch applied in bulk: a handful of statements per batch instead of ~9 per event.

Same verdicts, reasons and rows as the per-event path in hq.apply, in this order:
1. unstorable events (huge seq, NUL in envelope fields) → `rejected`, exception row only;
2. payloads validated in Python (pydantic, ownership) → `accepted` or `rejected(reason)`;
3. ONE `SELECT … WHERE device_id = … AND event_id IN (…)` → this device's known events get
   their stored verdict (a different payload: `conflict: payload differs from first
   delivery`); a repeat inside the batch gets the final verdict of its first occurrence;
4. the new event rows in one executemany (status accepted/rejected, batch order);
5. sales that share no key (sale id, terminal + receipt_no, line id) with HQ's tables or with
   another sale of the batch cannot clash: their sales, lines, tenders and stock moves go in
   with one executemany per table. The rest (sales that may clash, shift and audit events)
   are applied one by one in batch order, each in a SAVEPOINT, exactly as the per-event path
   does, so clash reasons are the database's own messages;
6. exception rows (rejected, conflict) in one executemany, in batch order.
Any IntegrityError/DataError escaping from here (a concurrent batch won the race for an
event_id, a value the database refuses) makes hq.apply roll the whole batch back to its
SAVEPOINT and replay it through the per-event path.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, Insert, bindparam, select

from hq import value, value_discounts
from hq.apply_events import (
    EV,
    INSERT_EVENT,
    INSERT_EXC,
    INSERT_LINE,
    INSERT_MOVE,
    INSERT_SALE,
    INSERT_TENDER,
    LINE,
    PAYLOAD_DIFFERS,
    SALE,
    apply_one,
    check_ownership,
    event_row,
    exception_row,
    payload_hash,
    replay_verdict,
    result,
    sale_rows,
    stored_verdict,
    unstorable,
)
from hq.auth import DeviceInfo
from hq.models import utcnow
from hq.promotions import reprice
from hq.sale_adjustments import INSERT_ADJUSTMENT, adjustment_rows
from kernel import sqlite_rows
from sync.contract.envelope import EventIn, EventResult
from sync.contract.events import PayloadError, parse_payload
from sync.contract.events_sale import SalePayload
from sync.contract.fields import Payload

CHUNK = 2000  # ids per IN (…) look-up, well under SQLite's bound-parameter limit
_IDS = bindparam("ids", expanding=True)
_KNOWN = select(EV.c.event_id, EV.c.status, EV.c.reason, EV.c.type, EV.c.entity_id,
                EV.c.payload, EV.c.payload_hash).where(
    EV.c.device_id == bindparam("device_id"), EV.c.event_id.in_(_IDS))
_SALE_IDS = select(SALE.c.id).where(SALE.c.id.in_(_IDS))
_RECEIPTS = select(SALE.c.receipt_no).where(
    SALE.c.terminal_id == bindparam("terminal_id"), SALE.c.receipt_no.in_(_IDS))
_LINE_IDS = select(LINE.c.id).where(LINE.c.id.in_(_IDS))


def push_bulk(conn: Connection, device: DeviceInfo, events: list[EventIn]) -> list[EventResult]:
    results: list[EventResult | None] = [None] * len(events)
    exceptions: dict[int, dict[str, Any]] = {}  # by batch index
    storable = []
    for i, ev in enumerate(events):
        why = unstorable(ev)
        if why:
            results[i] = result(ev.event_id, "rejected", why)
            exceptions[i] = exception_row("rejected", why, ev.event_id.replace("\x00", "\\0"),
                                          device.id)
        else:
            storable.append(i)
    known = {row.event_id: row for row in _lookup(
        conn, _KNOWN, {events[i].event_id for i in storable}, device_id=device.id)}
    first: dict[str, int] = {}  # event_id → index of its first, new occurrence here
    repeats: list[tuple[int, int]] = []
    verdicts: dict[int, tuple[str, str]] = {}  # new events: (status, reason)
    payloads: dict[int, Payload] = {}
    for i in storable:
        ev = events[i]
        if ev.event_id in known:
            results[i] = replay_verdict(ev, known[ev.event_id])
            if results[i].reason == PAYLOAD_DIFFERS:  # type: ignore[union-attr]
                exceptions[i] = exception_row("conflict", PAYLOAD_DIFFERS, ev.event_id,
                                              device.id)
        elif ev.event_id in first:
            repeats.append((i, first[ev.event_id]))
        else:
            first[ev.event_id] = i
            try:
                payload = parse_payload(ev.type, ev.payload)
                check_ownership(device, ev, payload)
            except PayloadError as exc:
                verdicts[i] = ("rejected", str(exc))
            else:
                verdicts[i] = ("accepted", "")
                payloads[i] = payload
    new = sorted(verdicts)
    if new:
        insert_many(conn, INSERT_EVENT, [event_row(device, events[i], *verdicts[i]) for i in new])
    one_by_one = _apply_clean_sales(conn, device, events, payloads)
    for i in one_by_one:
        verdicts[i] = apply_one(conn, device, events[i], payloads[i])
    for i in new:
        status, reason = verdicts[i]
        results[i] = result(events[i].event_id, status, reason)
        if status not in ("accepted", "duplicate"):  # duplicate: see hq.continuity
            exceptions[i] = exception_row(status, reason, events[i].event_id, device.id)
    for i, j in repeats:
        if payload_hash(events[i]) != payload_hash(events[j]):
            results[i] = result(events[i].event_id, "conflict", PAYLOAD_DIFFERS)
            exceptions[i] = exception_row("conflict", PAYLOAD_DIFFERS, events[i].event_id,
                                          device.id)
        else:
            results[i] = stored_verdict(events[i].event_id, *verdicts[j])
    if exceptions:
        insert_many(conn, INSERT_EXC, [exceptions[i] for i in sorted(exceptions)])
    assert all(r is not None for r in results)
    return results  # type: ignore[return-value]


def _apply_clean_sales(
    conn: Connection, device: DeviceInfo, events: list[EventIn], payloads: dict[int, Payload]
) -> list[int]:
    """Insert the sales that cannot clash in bulk; return the indexes (batch order) of the
    accepted events still to apply one by one."""
    sales = {i: p for i, p in payloads.items() if isinstance(p, SalePayload)}
    risky = _risky_sales(conn, device, sales)
    rows: tuple[list[dict[str, Any]], ...] = ([], [], [], [])
    clean = [p for i, p in sales.items() if i not in risky]
    for i, p in sales.items():
        if i not in risky:
            sale, lines, tenders, moves = sale_rows(device, events[i], p)
            rows[0].append(sale)
            rows[1].extend(lines)
            rows[2].extend(tenders)
            rows[3].extend(moves)
    for stmt, table_rows in zip(
        (INSERT_SALE, INSERT_LINE, INSERT_TENDER, INSERT_MOVE), rows, strict=True
    ):
        if table_rows:
            insert_many(conn, stmt, table_rows)
    if adjustments := adjustment_rows(clean):
        insert_many(conn, INSERT_ADJUSTMENT, adjustments)
    return sorted(i for i in payloads if i in risky or i not in sales)


def _risky_sales(
    conn: Connection, device: DeviceInfo, sales: dict[int, SalePayload]
) -> set[int]:
    """Sales sharing a unique key with a stored row or with another sale of this batch, and
    sales that move units or name a member (the unit registry and the points ledger are
    applied one sale at a time, in batch order), and sales HQ flags (hq.value)."""
    if not sales:
        return set()
    units = {i for i, p in sales.items() if p.unit_moves or p.member_id}  # + member sales
    floors = value.price_floors(conn, {ln.product_id for p in sales.values() for ln in p.lines})
    now = utcnow()  # a sale HQ will flag is applied one by one, where its reason is worded
    units |= {i for i, p in sales.items() if value.sale_flags(p, floors, now)}
    units |= {i for i, p in sales.items() if value_discounts.over(p)}  # the store's staff decide
    campaigns = reprice.campaigns_exist(conn)  # HQ re-prices; a mismatch is worded one by one
    units |= {i for i, p in sales.items()
              if i not in units and reprice.sale_flag(conn, device.store_id, p, None, campaigns)}
    keys = {i: [("sale", p.id), ("receipt", p.receipt_no), *(("line", ln.id) for ln in p.lines)]
            for i, p in sales.items()}
    seen = Counter(key for ks in keys.values() for key in ks)
    stored = {("sale", v) for v in _lookup(conn, _SALE_IDS, {p.id for p in sales.values()})}
    stored |= {("receipt", v) for v in _lookup(
        conn, _RECEIPTS, {p.receipt_no for p in sales.values()},
        terminal_id=device.terminal_id)}
    stored |= {("line", v) for v in _lookup(
        conn, _LINE_IDS, {ln.id for p in sales.values() for ln in p.lines})}
    return units | {i for i, ks in keys.items() if any(seen[k] > 1 or k in stored for k in ks)}


def insert_many(conn: Connection, stmt: Insert, rows: list[dict[str, Any]]) -> None:
    """`conn.execute(stmt, rows)`, on SQLite at the driver (kernel.sqlite_rows: the same rows,
    the same errors): SQLAlchemy's per-row parameter building was ~1 s of a 10k-sale upload.
    PostgreSQL, and a table whose defaults only SQL can give, keep SQLAlchemy's path."""
    if conn.dialect.name == "sqlite" and sqlite_rows.insert_rows(
            conn.connection.driver_connection, stmt.table, rows, conn.dialect):
        return
    conn.execute(stmt, rows)


def _lookup(conn: Connection, stmt: Any, ids: Iterable[str], **params: Any) -> list[Any]:
    """Rows of `stmt` for all `ids`, CHUNK ids per query (first column only if it has one)."""
    ids = sorted(ids)
    out: list[Any] = []
    for start in range(0, len(ids), CHUNK):
        rows = conn.execute(stmt, {"ids": ids[start:start + CHUNK], **params}).all()
        out.extend(rows if len(stmt.selected_columns) > 1 else (r[0] for r in rows))
    return out
