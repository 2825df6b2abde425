"""Reading the pairing row and the pull cursors: small helpers shared by pusher, puller, worker."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.dialects.sqlite import insert
from sqlmodel import Session

from local_db.ids import utcnow
from local_db.models import HqLink, SyncState
from local_db.uow import read_session


def hq_link(engine: Engine) -> HqLink | None:
    """The pairing (URL, device id, token), or None while the terminal is not paired."""
    with read_session(engine) as session:
        return session.get(HqLink, 1)


def get_cursor(session: Session, stream: str) -> int:
    row = session.get(SyncState, stream)
    return row.cursor if row else 0


def resync_pending(session: Session, stream: str) -> bool:
    row = session.get(SyncState, stream)
    return bool(row and row.resync_pending)


def save_cursor(
    session: Session, stream: str, cursor: int, resync_pending: bool | None = None
) -> None:
    """Upsert inside the caller's transaction: the page and its cursor commit together."""
    now = utcnow()
    values: dict[str, object] = {"cursor": cursor, "updated_at": now}
    if resync_pending is not None:
        values["resync_pending"] = resync_pending
    stmt = insert(SyncState.__table__).values(
        {"resync_pending": False, **values, "stream": stream}
    )
    session.connection().execute(
        stmt.on_conflict_do_update(index_elements=["stream"], set_=values)
    )
