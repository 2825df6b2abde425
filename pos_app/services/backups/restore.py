"""`shopfloor restore FILE`: put a backup back as the store file without losing a sale or
reusing a receipt number.

1. A store file that still holds events HQ has not received is never replaced silently:
   restore refuses and points at `shopfloor recover` (or `--discard-unsent`, said aloud).
2. The backup is checked (integrity_check) and copied into place; the file it replaces, if
   any, is moved aside (`terminal.db.before-restore-…`), never deleted.
3. Numbers continue after the highest known: HQ's high-water marks (GET
   /v1/devices/high-water, item 1 of issue 14), the backup's own, and the replaced file's if
   it can still be read. Without HQ the restore is undone unless `offline` is asked for,
   because the sales made after the backup (and already at HQ) hold numbers the backup does
   not know.
4. Whatever the backup holds that HQ does not (events after HQ's highest outbox seq) is
   queued again; HQ's idempotency (event id per device, sale id) makes re-sending safe.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text

from local_db import health
from local_db.backups import restore_copy
from local_db.database import open_database, preflight
from local_db.faults import pending_events
from local_db.uow import write_session
from pos_app.errors import PosError
from pos_app.services import audit
from pos_app.services.backups.running import refuse_if_running
from pos_app.services.continuity import Numbers, as_numbers, continue_numbers, local_numbers
from pos_app.services.terminal_setup import TerminalSetupService

FetchMarks = Any  # Callable[[Engine], HighWater | None], raising PosError when HQ cannot say


@dataclass(frozen=True)
class RestoreReport:
    backup: Path
    moved_aside: Path | None
    numbers: Numbers  # in force after the restore
    source: str  # "hq" (HQ's marks were known) or "local" (standalone or --offline)
    requeued: int  # events queued again because HQ does not hold them
    pending: int  # events that will be sent at the next sync


def readable_numbers(db: Path) -> Numbers:
    """The numbers a (possibly damaged) file handed out, as far as it can be read."""
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=2)
        try:
            rows = dict(conn.execute("SELECT name, value FROM sequence").fetchall())
            outbox = conn.execute("SELECT max(seq) FROM outbox_event").fetchone()[0] or 0
        finally:
            conn.close()
    except (sqlite3.Error, OSError):
        return Numbers()
    receipt = max((v for k, v in rows.items() if k.startswith("receipt:")), default=0)
    ret = max((v for k, v in rows.items() if k.startswith("return:")), default=0)
    return Numbers(int(receipt), int(ret), int(outbox))


def _move_aside(db: Path, stamp: str) -> Path:
    aside = db.with_name(f"{db.name}.before-restore-{stamp}")
    for suffix in ("", "-wal", "-shm"):
        src = db.with_name(db.name + suffix)
        if src.exists():
            os.replace(src, aside.with_name(aside.name + suffix))
    return aside


def _put_back(db: Path, aside: Path | None) -> None:
    for suffix in ("", "-wal", "-shm"):
        db.with_name(db.name + suffix).unlink(missing_ok=True)
        if aside is not None and aside.with_name(aside.name + suffix).exists():
            os.replace(aside.with_name(aside.name + suffix), db.with_name(db.name + suffix))


def _requeue(engine: Engine, after_seq: int) -> int:
    with write_session(engine) as session:
        return session.connection().execute(text(
            "UPDATE outbox_event SET status = 'pending', attempts = 0, last_error = '',"
            " sent_at = NULL WHERE seq > :seq AND status IN ('accepted', 'duplicate')"
        ), {"seq": after_seq}).rowcount


def _fetch_default(engine: Engine) -> object:
    from sync.continuity import fetch_high_water

    return fetch_high_water(engine)


def restore(data_dir: Path, backup: Path, *, offline: bool = False,
            discard_unsent: bool = False, fetch: FetchMarks = _fetch_default,
            db_name: str = "terminal.db") -> RestoreReport:
    refuse_if_running(data_dir)  # its open file would be swapped under it
    db = data_dir / db_name
    if not backup.is_file():
        raise PosError("backup_not_found", path=str(backup))
    preflight(backup)  # a backup from a newer version, or not a database: refused up front
    old = Numbers()
    aside: Path | None = None
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    if db.exists():
        unsent = pending_events(db)
        if unsent != 0 and not discard_unsent:
            raise PosError("restore_would_lose", count="?" if unsent is None else unsent)
        old = readable_numbers(db)
        aside = _move_aside(db, stamp)
    try:
        restore_copy(backup, db)
    except PosError:
        _put_back(db, aside)
        raise
    health.forget(str(db))
    engine = open_database(db)
    try:
        terminal = TerminalSetupService(engine).current()
        try:
            marks = None if offline else fetch(engine)
        except PosError as exc:
            engine.dispose()
            _put_back(db, aside)
            raise PosError("restore_needs_hq", detail=exc.message()) from exc
        hq = as_numbers(marks) if marks is not None else Numbers()
        requeued = _requeue(engine, hq.outbox_seq) if marks is not None else 0
        with write_session(engine) as session:
            mine = local_numbers(session, terminal.terminal_id) if terminal else Numbers()
            wanted = hq | old | mine
            numbers = (continue_numbers(session, terminal.terminal_id, wanted)
                       if terminal else wanted)
            audit.append(session, "backup_restored", None, "", file=backup.name,
                         source="hq" if marks is not None else "local", requeued=requeued)
        pending = pending_events(db) or 0
    finally:
        engine.dispose()
    return RestoreReport(backup, aside, numbers, "hq" if marks is not None else "local",
                         requeued, pending)
