"""Apply pushed events: store each once (by event_id) and apply it in the same transaction.

One database transaction per batch (BEGIN IMMEDIATE on SQLite). The batch is first tried
whole by `hq.apply_bulk` inside one SAVEPOINT: one look-up of known event_ids, bulk clash
checks, then one executemany per table; only events that may clash go one by one. If that
still hits a database error — a concurrent batch committed the same event_id first
(PostgreSQL), or a value the database refuses — the SAVEPOINT is rolled back and the batch
is replayed by the per-event path below, which gives the same verdicts event by event.

Per-event path: one SAVEPOINT per event, so a bad event is rolled back on its own and
answered `rejected`/`conflict` while the others still commit. Event ids are scoped per
device: the event row is inserted with `INSERT … ON CONFLICT (device_id, event_id) DO
NOTHING RETURNING id` on both SQLite and PostgreSQL; no returned id means this device's
event is already here → `duplicate`, nothing applied — or, when the payload differs from
the first delivery (its stored hash), `conflict: payload differs from first delivery`,
listed for the manager. Two batches racing with the same events cannot both apply them: on
PostgreSQL the UNIQUE key makes the second insert wait until the first commits (the bulk
insert then fails and the batch falls back here, where the insert skips), SQLite runs the
batches one after the other.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, bindparam, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DataError, IntegrityError

from hq.apply_bulk import push_bulk
from hq.apply_events import (
    EV,
    INSERT_EXC,
    PAYLOAD_DIFFERS,
    apply_one,
    check_ownership,
    event_row,
    exception_row,
    replay_verdict,
    result,
    unstorable,
)
from hq.auth import DeviceInfo
from hq.db import writer
from hq.kpis import rollup as kpi_rollup
from sync.contract.envelope import EventIn, EventResult
from sync.contract.events import PayloadError, parse_payload

_STORED = select(EV.c.status, EV.c.reason, EV.c.type, EV.c.entity_id, EV.c.payload,
                 EV.c.payload_hash).where(EV.c.event_id == bindparam("b_event_id"),
                                          EV.c.device_id == bindparam("b_device_id"))
_INSERT_IGNORE = {
    dialect: dialect.insert(EV).on_conflict_do_nothing(index_elements=["device_id", "event_id"])
    .returning(EV.c.id)
    for dialect in (postgresql, sqlite)
}


def push(engine: Engine, device: DeviceInfo, events: list[EventIn]) -> list[EventResult]:
    with writer(engine).begin() as conn:
        try:
            with conn.begin_nested():
                results = push_bulk(conn, device, events)
        except (IntegrityError, DataError):
            # rolled back to before the batch; replay it event by event
            results = push_each(conn, device, events)
        kpi_rollup.mark_pushed(conn, device.store_id, events)  # same transaction (19-C)
        return results


def push_each(conn: Connection, device: DeviceInfo, events: list[EventIn]) -> list[EventResult]:
    return [_one(conn, device, ev) for ev in events]


def _exception(conn: Connection, kind: str, detail: str, event_id: str, device_id: str) -> None:
    conn.execute(INSERT_EXC, exception_row(kind, detail, event_id, device_id))


def _one(conn: Connection, device: DeviceInfo, ev: EventIn) -> EventResult:
    why = unstorable(ev)
    if why:  # cannot even be recorded as sent; say why and keep a trace
        _exception(conn, "rejected", why, ev.event_id.replace("\x00", "\\0"), device.id)
        return result(ev.event_id, "rejected", why)
    status, reason, payload = "accepted", "", None
    try:
        payload = parse_payload(ev.type, ev.payload)
        check_ownership(device, ev, payload)
    except PayloadError as exc:
        status, reason = "rejected", str(exc)
    try:
        with conn.begin_nested():
            dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
            row = event_row(device, ev, status, reason)
            event_row_id = conn.execute(_INSERT_IGNORE[dialect], row).scalar()
    except DataError as exc:  # e.g. a value PostgreSQL will not store; keep the batch going
        reason = f"unstorable event: {type(exc.orig).__name__}"
        _exception(conn, "rejected", reason, ev.event_id, device.id)
        return result(ev.event_id, "rejected", reason)
    if event_row_id is None:
        row = conn.execute(_STORED, {"b_event_id": ev.event_id, "b_device_id": device.id}).one()
        verdict = replay_verdict(ev, row)
        if verdict.reason == PAYLOAD_DIFFERS:
            _exception(conn, "conflict", PAYLOAD_DIFFERS, ev.event_id, device.id)
        return verdict
    if status == "accepted":
        assert payload is not None
        status, reason = apply_one(conn, device, ev, payload)
    if status not in ("accepted", "duplicate"):  # duplicate: a sale HQ booked (continuity)
        _exception(conn, status, reason, ev.event_id, device.id)
    return result(ev.event_id, status, reason)
