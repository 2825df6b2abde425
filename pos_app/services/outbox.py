"""Events HQ must learn of, queued in the same transaction as the change they describe."""

from __future__ import annotations

import json

from sqlalchemy import func
from sqlmodel import Session, select

from local_db.models import OutboxEvent


def enqueue(
    session: Session, type_: str, entity_id: str, payload: dict[str, object]
) -> OutboxEvent:
    """Queue an event with the next push-order number (gap-free inside the writer lock)."""
    last = session.exec(select(func.max(OutboxEvent.seq))).one()
    event = OutboxEvent(
        seq=(last or 0) + 1,
        type=type_,
        entity_id=entity_id,
        payload=json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str),
    )
    session.add(event)
    return event


def pending_count(session: Session) -> int:
    return session.exec(
        select(func.count()).select_from(OutboxEvent).where(OutboxEvent.status == "pending")
    ).one()
