"""What the status bar shows about sync, as one immutable value the worker hands to the UI."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import Engine

from local_db.outbox import pending_count
from local_db.uow import read_session
from pos_app.errors import PosError

SyncState = Literal["offline", "online", "syncing", "error", "unpaired"]

# Errors that mean "HQ is not there right now" (retry later) rather than "something is wrong".
OFFLINE_CODES = ("hq_unreachable", "hq_error", "hq_busy")


@dataclass(frozen=True)
class SyncStatus:
    """`queued` = pending outbox events; `message` is the translated PosError text, if any."""

    state: SyncState
    queued: int = 0
    last_sync_at: datetime | None = None
    message: str = ""
    progress: str = ""
    # A download's page: the stream's key, its translated name, rows received so far in
    # this round, and whether HQ has more (the download window keeps a line per stream).
    stream: str = ""
    stream_label: str = ""
    rows: int = 0
    more: bool = False


def state_for_error(error: PosError) -> SyncState:
    if error.code in OFFLINE_CODES:
        return "offline"
    if error.code in ("hq_unauthorized", "not_paired"):
        return "unpaired"
    return "error"


def queued(engine: Engine) -> int:
    with read_session(engine) as session:
        return pending_count(session)
