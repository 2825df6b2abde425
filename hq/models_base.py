"""What every HQ table module builds on: the base class with HQ's own MetaData, and the
column types and defaults they share. Its own module so hq/models.py and the models_*.py
beside it import it, and not each other."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import ClassVar

import uuid6
from sqlalchemy import BigInteger, DateTime, Integer, MetaData
from sqlmodel import SQLModel

# BIGINT on PostgreSQL, but INTEGER on SQLite: only INTEGER PRIMARY KEY autoincrements there.
BigId = BigInteger().with_variant(Integer(), "sqlite")
# timestamptz on PostgreSQL, so an aware UTC time never depends on the session time zone.
UTC_TS = DateTime(timezone=True)


def new_id() -> str:
    """UUIDv7 like the terminal's ids: time-ordered, so indexes stay append-mostly."""
    return str(uuid6.uuid7())


def utcnow() -> datetime:
    return datetime.now(UTC)


class HQModel(SQLModel):
    """Base of every HQ table, on a MetaData of its own (see hq/models.py)."""

    metadata: ClassVar[MetaData] = MetaData()
