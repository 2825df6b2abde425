"""Whether this store file may still be written: once damage is found, nothing more is.

A background check (local_db.integrity) or a write that hits SQLITE_CORRUPT marks the file;
every later write unit of work is refused with `selling_stopped_damaged`, so no sale is
committed into a file that is known to be broken. The cashier's cart lives in memory and is
kept; the recovery path (`shopfloor recover`) reads the file, it never writes it.
"""

from __future__ import annotations

import threading

from sqlalchemy import Engine

from pos_app.errors import PosError

_lock = threading.Lock()
_stopped: dict[str, str] = {}  # database path -> what was found


def _key(engine: Engine | str) -> str:
    return engine if isinstance(engine, str) else str(engine.url.database)


def mark_damaged(engine: Engine | str, detail: str) -> None:
    with _lock:
        _stopped.setdefault(_key(engine), detail)


def damage_found(engine: Engine | str) -> str | None:
    """What was found wrong with this file in this process, or None."""
    with _lock:
        return _stopped.get(_key(engine))


def refuse_writes_if_damaged(engine: Engine) -> None:
    detail = damage_found(engine)
    if detail is not None:
        raise PosError("selling_stopped_damaged", detail=detail)


def forget(engine: Engine | str) -> None:
    """Tests and a restore (a new file at the same path) start clean."""
    with _lock:
        _stopped.pop(_key(engine), None)
