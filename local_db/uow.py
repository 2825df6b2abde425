"""Unit of work: one SQLite transaction per user action, opened by the service."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from local_db.engine import writer
from pos_app.errors import PosError


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """Commit everything done in the block at once, or nothing (rollback on any error)."""
    try:
        with Session(writer(engine), expire_on_commit=False) as session, session.begin():
            yield session
    except OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise PosError("db_locked") from exc
        raise


@contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        yield session
