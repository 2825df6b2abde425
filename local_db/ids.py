"""Row ids are UUIDv7 made on the terminal: time-ordered, so indexes stay append-mostly."""

from __future__ import annotations

from datetime import UTC, datetime

import uuid6


def new_id() -> str:
    return str(uuid6.uuid7())


def utcnow() -> datetime:
    """Aware UTC: the one time zone the database holds (local time only at the edges)."""
    return datetime.now(UTC)


def as_utc(value: datetime) -> datetime:
    """A stored time as aware UTC: SQLite hands plain SQL (text()) results back naive."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
