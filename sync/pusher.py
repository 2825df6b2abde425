"""Outbox → HQ: pending events in `seq` order, batches of at most BATCH, one batch at a time.

Why it is safe to retry anything: HQ dedupes on `event_id`, so a batch whose answer was lost
(HQ committed, the connection died) comes back `duplicate` next time and is marked sent. The
Idempotency-Key is the SHA-256 of the batch's event ids, so a retried batch carries the same
key as long as it holds the same events.

Why nothing blocks the queue: `rejected`/`conflict` are final (kept for the manager's
exception list, never resent); a batch HQ refuses as a whole (400/413/422, e.g. one
malformed payload) is split in halves until the poison event is alone, and that one is rejected.
Only transport failures (unreachable, 5xx, bad answer, 401) stop the round, after
counting an attempt on the batch; waiting before the next round is the worker's job.

Local bookkeeping happens in short write transactions of its own, never around HTTP.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Engine, Row, bindparam, select, update

from local_db.ids import utcnow
from local_db.models import OutboxEvent
from local_db.uow import read_session, write_session
from pos_app.errors import PosError
from sync.client import HqClient
from sync.contract.envelope import EventIn, PushResponse

BATCH = 500  # the contract's MAX_BATCH: fewer round trips and HQ transactions (bench sync)
BATCH_ROWS = 10_000  # rows a batch may write at HQ (lines, moves…): half HQ's 413 bound
SENT = ("accepted", "duplicate")
FINAL = ("accepted", "duplicate", "conflict", "rejected")
# Whole-batch refusals that can be caused by one bad event; others (404 wrong URL, 403, 429)
# say nothing about the events and must not reject them, so they stop the round instead.
POISON_STATUSES = (400, 413, 422)

_T = OutboxEvent.__table__


@dataclass
class PushResult:
    """What one push round did; `error` is set when it stopped early on a transport failure."""

    batches: int = 0
    accepted: int = 0
    duplicate: int = 0
    conflict: int = 0
    rejected: int = 0
    error: PosError | None = None
    statuses: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def sent(self) -> int:
        return self.accepted + self.duplicate


def batch_key(event_ids: list[str]) -> str:
    """Idempotency-Key: SHA-256 hex of the event ids joined by newlines, in push order."""
    return hashlib.sha256("\n".join(event_ids).encode("ascii")).hexdigest()


_PENDING = (
    select(_T.c.id, _T.c.seq, _T.c.type, _T.c.entity_id, _T.c.created_at, _T.c.payload)
    .where(_T.c.status == "pending").order_by(_T.c.seq).limit(bindparam("n"))
)


def _pending(engine: Engine, limit: int) -> list[Row[Any]]:
    """Plain rows of the columns put on the wire: no OutboxEvent objects to build (the
    upload reads 10k of them in a backlog)."""
    with read_session(engine) as session:
        return list(session.connection().execute(_PENDING, {"n": limit}))


def rows_of(payload: dict[str, Any]) -> int:
    """Rows an event writes at HQ, as HQ counts them (hq.limits.rows_of): 1 + list items."""
    return 1 + sum(len(v) for v in payload.values() if isinstance(v, list))


def _to_wire(row: Row[Any]) -> EventIn:
    return EventIn(
        event_id=row.id, seq=row.seq or 0, type=row.type, entity_id=row.entity_id,
        created_at=row.created_at.isoformat(), payload=json.loads(row.payload),
    )


def _finish(engine: Engine, outcomes: dict[str, tuple[str, str]], result: PushResult) -> None:
    """Write final statuses (one short transaction); only still-pending rows change."""
    if not outcomes:
        return
    now = utcnow()
    rows = [
        {"eid": eid, "st": st, "err": reason, "at": now if st in SENT else None}
        for eid, (st, reason) in outcomes.items()
    ]
    stmt = (
        update(_T).where(_T.c.id == bindparam("eid"), _T.c.status == "pending")
        .values(status=bindparam("st"), last_error=bindparam("err"), sent_at=bindparam("at"))
    )
    with write_session(engine) as session:
        session.connection().execute(stmt, rows)
    for eid, (st, _reason) in outcomes.items():
        setattr(result, st, getattr(result, st) + 1)
        result.statuses[eid] = st


def _failed_attempt(engine: Engine, event_ids: list[str], error: PosError) -> None:
    stmt = (
        update(_T).where(_T.c.id.in_(event_ids), _T.c.status == "pending")
        .values(attempts=_T.c.attempts + 1, last_error=str(error)[:500])
    )
    with write_session(engine) as session:
        session.connection().execute(stmt)


def _send(
    engine: Engine, client: HqClient, batch: list[EventIn], result: PushResult
) -> None:
    """Send one batch; bisect on a whole-batch 4xx; raise PosError on transport failures."""
    ids = [e.event_id for e in batch]
    try:
        reply: PushResponse = client.push(batch, batch_key(ids))
    except PosError as exc:
        if not (exc.code == "hq_refused" and exc.params.get("status") in POISON_STATUSES):
            _failed_attempt(engine, ids, exc)
            raise
        if len(batch) == 1:
            _finish(engine, {ids[0]: ("rejected", str(exc)[:500])}, result)
            return
        half = len(batch) // 2
        _send(engine, client, batch[:half], result)
        _send(engine, client, batch[half:], result)
        return
    result.batches += 1
    wanted = set(ids)
    outcomes = {r.event_id: (r.status, r.reason) for r in reply.results if r.event_id in wanted}
    _finish(engine, outcomes, result)
    missing = [eid for eid in ids if eid not in outcomes]
    if missing:  # HQ skipped some: treat as a bad answer, retry them next round
        error = PosError("hq_bad_response", detail=f"{len(missing)} events without a result")
        _failed_attempt(engine, missing, error)
        raise error


def push_pending(
    engine: Engine,
    client: HqClient,
    batch_size: int = BATCH,
    cancel: threading.Event | None = None,
    on_batch: Callable[[PushResult], None] | None = None,
) -> PushResult:
    """Push until the outbox has no pending event, a transport error, or `cancel` is set."""
    result = PushResult()
    while not (cancel and cancel.is_set()):
        rows = _pending(engine, batch_size)
        if not rows:
            break
        batch: list[EventIn] = []
        local_rejects: dict[str, tuple[str, str]] = {}
        weight = 0
        for row in rows:
            try:
                event = _to_wire(row)
            except (ValidationError, ValueError) as exc:  # cannot even be put on the wire
                local_rejects[row.id] = ("rejected", f"not sendable: {exc}"[:500])
                continue
            weight += rows_of(event.payload)
            if batch and weight > BATCH_ROWS:  # the rest goes in the next batch
                break
            batch.append(event)
        _finish(engine, local_rejects, result)
        if not batch:
            continue
        try:
            _send(engine, client, batch, result)
        except PosError as exc:
            result.error = exc
            break
        if on_batch is not None:
            on_batch(result)
    return result
