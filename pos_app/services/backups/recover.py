"""`shopfloor recover`: save what a damaged store file still holds into a fresh one.

The unsent outbox first (those are sales HQ has not received: the one thing no backup has),
then every other table, copied with a fresh schema at head: a whole table at once when it
reads cleanly, else row by row in rowid windows, skipping what cannot be read. The damaged
file is kept beside it (`terminal.db.damaged-…`), never deleted; the numbers continue after
the highest one any readable part shows, so no receipt number is handed out twice.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from local_db.database import open_database
from local_db.faults import pending_events
from local_db.uow import write_session
from pos_app.errors import PosError
from pos_app.services.backups.restore import readable_numbers
from pos_app.services.backups.running import refuse_if_running
from pos_app.services.continuity import Numbers, continue_numbers
from pos_app.services.terminal_setup import TerminalSetupService

WINDOW = 500
FIRST = ("outbox_event", "sequence", "store", "terminal", "hq_link")  # the irreplaceable


@dataclass
class RecoverReport:
    damaged_kept: Path
    pending_before: int | None  # unsent events the damaged file showed (None: unreadable)
    pending_saved: int
    copied: dict[str, int] = field(default_factory=dict)  # table -> rows saved
    unreadable: dict[str, int] = field(default_factory=dict)  # table -> rows skipped
    numbers: Numbers = field(default_factory=Numbers)


def _columns(conn: sqlite3.Connection, schema: str, table: str) -> list[str]:
    try:
        return [r[1] for r in conn.execute(f'PRAGMA {schema}.table_info("{table}")')]
    except sqlite3.Error:
        return []


def _copy_table(conn: sqlite3.Connection, table: str, report: RecoverReport) -> None:
    cols = [c for c in _columns(conn, "main", table) if c in _columns(conn, "old", table)]
    if not cols:
        report.unreadable[table] = -1  # the table itself cannot be read
        return
    names = ", ".join(f'"{c}"' for c in cols)
    insert = f'INSERT OR IGNORE INTO main."{table}" ({names}) SELECT {names} FROM old."{table}"'
    try:  # each statement is its own transaction: a failed read undoes only itself
        report.copied[table] = conn.execute(insert).rowcount
        return
    except sqlite3.Error:
        pass
    try:
        top = conn.execute(f'SELECT max(rowid) FROM old."{table}"').fetchone()[0] or 0
    except sqlite3.Error:
        top = 1_000_000
    saved = lost = 0
    for start in range(0, top + 1, WINDOW):
        window = f"{insert} WHERE rowid BETWEEN {start} AND {start + WINDOW - 1}"
        try:
            saved += conn.execute(window).rowcount
            continue
        except sqlite3.Error:
            pass
        for rowid in range(start, start + WINDOW):
            try:
                saved += conn.execute(f"{insert} WHERE rowid = {rowid}").rowcount
            except sqlite3.Error:
                lost += 1
    report.copied[table] = saved
    if lost:
        report.unreadable[table] = lost


def _highest_receipt(conn: sqlite3.Connection) -> int:
    best = 0
    for (number,) in conn.execute("SELECT receipt_no FROM sale"):
        tail = str(number).rsplit("-", 1)[-1]
        best = max(best, int(tail) if tail.isdigit() else 0)
    return best


def recover(data_dir: Path, db_name: str = "terminal.db") -> RecoverReport:
    refuse_if_running(data_dir)  # its open file would be swapped under it
    db = data_dir / db_name
    if not db.exists():
        raise PosError("backup_not_found", path=str(db))
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    fresh = data_dir / f"{db_name}.recovered-{stamp}"
    open_database(fresh, fresh=True).dispose()
    report = RecoverReport(db.with_name(f"{db_name}.damaged-{stamp}"), pending_events(db), 0)
    conn = sqlite3.connect(f"file:{fresh}", uri=True, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys=OFF")
        conn.execute("ATTACH DATABASE ? AS old", (f"file:{db}?mode=ro",))
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM main.sqlite_master WHERE type = 'table'"
            " AND name NOT LIKE 'sqlite_%' AND name != 'alembic_version'")]
        for table in sorted(tables, key=lambda t: (t not in FIRST, t)):
            _copy_table(conn, table, report)
        report.pending_saved = conn.execute(
            "SELECT count(*) FROM outbox_event WHERE status = 'pending'").fetchone()[0]
        receipt = _highest_receipt(conn)
        conn.execute("DETACH DATABASE old")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    if not any(report.copied.values()):
        fresh.unlink(missing_ok=True)
        raise PosError("recover_nothing", path=str(db))
    old = readable_numbers(db) | Numbers(receipt_seq=receipt)
    for suffix in ("", "-wal", "-shm"):
        src = db.with_name(db.name + suffix)
        if src.exists():
            os.replace(src, report.damaged_kept.with_name(report.damaged_kept.name + suffix))
    for suffix in ("", "-wal", "-shm"):
        src = fresh.with_name(fresh.name + suffix)
        if src.exists():
            os.replace(src, db.with_name(db.name + suffix))
    engine = open_database(db)
    try:
        terminal = TerminalSetupService(engine).current()
        if terminal is not None:
            with write_session(engine) as session:
                report.numbers = continue_numbers(session, terminal.terminal_id, old)
    finally:
        engine.dispose()
    return report
