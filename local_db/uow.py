"""Unit of work: one SQLite transaction per user action, opened by the service.

A storage fault inside it (disk full, file not writable, damage, lock) reaches the caller as
the PosError local_db.faults names, so a cashier reads what happened, never "Something went
wrong"; damage also stops every later write (local_db.health).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlmodel import Session

from local_db import health
from local_db.engine import writer
from local_db.faults import classify
from pos_app.errors import PosError


def _storage_fault(engine: Engine, exc: DBAPIError) -> PosError | None:
    if isinstance(exc, IntegrityError):
        return None
    fault = classify(exc, str(engine.url.database))
    if fault is not None and fault.code.startswith("db_damaged"):
        health.mark_damaged(engine, str(fault.params.get("detail", "")))
    return fault


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """Commit everything done in the block at once, or nothing (rollback on any error)."""
    health.refuse_writes_if_damaged(engine)
    try:
        with Session(writer(engine), expire_on_commit=False) as session, session.begin():
            yield session
    except DBAPIError as exc:
        fault = _storage_fault(engine, exc)
        if fault is not None:
            raise fault from exc
        raise


@contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    try:
        with Session(engine, expire_on_commit=False) as session:
            yield session
    except DBAPIError as exc:
        fault = _storage_fault(engine, exc)
        if fault is not None:
            raise fault from exc
        raise
