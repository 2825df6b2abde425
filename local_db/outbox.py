"""Questions about the outbox table that every layer above may ask (sync's status bar, the
services): queries only; events are written by the services that make them."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, select

from local_db.models import OutboxEvent


def pending_count(session: Session) -> int:
    """Events HQ has not accepted yet: what the status bar shows as queued."""
    return session.exec(
        select(func.count()).select_from(OutboxEvent).where(OutboxEvent.status == "pending")
    ).one()
