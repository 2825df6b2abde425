"""Events HQ must learn of, queued in the same transaction as the change they describe."""

from __future__ import annotations

import json

from sqlalchemy import func, insert
from sqlmodel import Session, select

from local_db.ids import new_id, utcnow
from local_db.models import OutboxEvent


def enqueue(session: Session, type_: str, entity_id: str, payload: dict[str, object]) -> str:
    """Queue an event with the next push-order number (gap-free inside the writer lock).

    A Core insert: no OutboxEvent object, no autoflush of the caller's pending objects.
    Returns the event id (HQ dedupes on it).
    """
    conn = session.connection()
    last = conn.execute(select(func.max(OutboxEvent.seq))).scalar()
    event_id = new_id()
    conn.execute(
        insert(OutboxEvent.__table__),
        {
            "id": event_id,
            "seq": (last or 0) + 1,
            "type": type_,
            "entity_id": entity_id,
            "payload": json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str),
            "created_at": utcnow(),
            "attempts": 0,
            "last_error": "",
            "status": "pending",
        },
    )
    return event_id


def pending_count(session: Session) -> int:
    return session.exec(
        select(func.count()).select_from(OutboxEvent).where(OutboxEvent.status == "pending")
    ).one()
