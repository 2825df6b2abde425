"""A push, bounded: too many rows → 413; an oversized event → `rejected`, kept truncated
with its SHA-256; the rest applied in write transactions of at most `chunk_rows` rows, each
waiting its turn at HQ's fair write gate (hq.limits.FairGate).

Why per chunk and not per batch: a batch is one transaction in hq.apply.push, so 4 × 10,000
units held the write lock for 27 s. Cut into chunks, another store's single sale waits for
one chunk at most. A chunk still commits whole, and the verdicts come back in batch order.
"""

from __future__ import annotations

from contextlib import nullcontext

from fastapi import HTTPException
from sqlalchemy import Engine, select
from sqlalchemy.dialects import postgresql, sqlite

from hq.apply import push
from hq.apply_events import EV, INSERT_EXC, event_row, exception_row, result, stored_verdict
from hq.auth import DeviceInfo
from hq.db import writer
from hq.limits import (
    DEFAULT_EVENT_BYTES,
    EVENT_BYTES,
    FairGate,
    HqLimits,
    chunks,
    oversize_reason,
    rows_of,
    truncated,
)
from sync.contract.envelope import EventIn, EventResult

_INSERT_IGNORE = {
    dialect: dialect.insert(EV).on_conflict_do_nothing(index_elements=["device_id", "event_id"])
    .returning(EV.c.id)
    for dialect in (postgresql, sqlite)
}


def bounded_push(engine: Engine, gate: FairGate, limits: HqLimits, device: DeviceInfo,
                 events: list[EventIn], body_bytes: int | None = None) -> list[EventResult]:
    """`body_bytes`: the request's size; when no type's byte cap is below it, no payload can
    pass its cap, and measuring each one (a JSON dump apiece) is skipped."""
    weights = [rows_of(ev.payload) for ev in events]  # counted once, used three times
    total = sum(weights)
    if total > limits.max_rows_per_request:
        raise HTTPException(status_code=413, detail=(
            f"{total} rows in one request, at most {limits.max_rows_per_request}: "
            "send fewer events per batch"))
    verdicts: dict[int, EventResult] = {}
    small = body_bytes is not None and body_bytes <= min(
        EVENT_BYTES.get(ev.type, DEFAULT_EVENT_BYTES) for ev in events)
    oversized = [(i, ev, why) for i, ev in enumerate(events)
                 if (why := oversize_reason(ev.type, ev.payload, not small, weights[i]))]
    if engine.dialect.name != "sqlite":  # PostgreSQL locks rows, not the database
        gate = nullcontext()  # type: ignore[assignment]
    if oversized:
        with gate:
            verdicts.update(_reject_oversized(engine, device, oversized))
    rest = [(i, ev) for i, ev in enumerate(events) if i not in verdicts]
    for run in chunks(rest, lambda item: weights[item[0]], limits.chunk_rows):
        with gate:
            answers = push(engine, device, [ev for _i, ev in run])
        verdicts.update({i: answer for (i, _ev), answer in zip(run, answers, strict=True)})
    return [verdicts[i] for i in range(len(events))]


def _reject_oversized(engine: Engine, device: DeviceInfo,
                      items: list[tuple[int, EventIn, str]]) -> dict[int, EventResult]:
    """Refused before parsing; what is kept of each is its head and its hash."""
    out: dict[int, EventResult] = {}
    with writer(engine).begin() as conn:
        dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
        for i, ev, why in items:
            row = event_row(device, ev, "rejected", why)
            row["payload"] = truncated(row["payload"])
            if conn.execute(_INSERT_IGNORE[dialect], row).scalar() is None:
                stored = conn.execute(select(EV.c.status, EV.c.reason).where(
                    EV.c.device_id == device.id, EV.c.event_id == ev.event_id)).one()
                out[i] = stored_verdict(ev.event_id, stored.status, stored.reason)
                continue
            conn.execute(INSERT_EXC, exception_row("rejected", why, ev.event_id, device.id))
            out[i] = result(ev.event_id, "rejected", why)
    return out
