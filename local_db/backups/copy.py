"""Make and restore copies of the store file with SQLite's online backup API.

The backup API copies a consistent snapshot while the till keeps selling (it steps through
the pages and restarts when a writer changes the source). The copy is written as a hidden
`.partial` file, checked with a full `integrity_check`, synced to disk and only then renamed
to its final name, so a backup that exists is a good one; a damaged copy is deleted and
reported. Backups live in `<data dir>/backups/terminal-YYYYMMDD-HHMMSS.db`.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from local_db.faults import check_header, classify
from local_db.secure_files import secure_file
from pos_app.errors import PosError

BACKUP_DIR = "backups"
_PREFIX, _SUFFIX, _STAMP = "terminal-", ".db", "%Y%m%d-%H%M%S"


@dataclass(frozen=True)
class Backup:
    path: Path
    taken_at: datetime  # UTC, from the name

    @property
    def size(self) -> int:
        return self.path.stat().st_size


def _taken_at(path: Path) -> datetime | None:
    stem = path.name.removeprefix(_PREFIX).removesuffix(_SUFFIX)
    try:
        return datetime.strptime(stem[:15], _STAMP).replace(tzinfo=UTC)
    except ValueError:
        return None


def list_backups(folder: Path) -> list[Backup]:
    """Finished backups in `folder`, oldest first (partial copies are not listed)."""
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob(f"{_PREFIX}*{_SUFFIX}"):
        at = _taken_at(path)
        if at is not None:
            found.append(Backup(path, at))
    return sorted(found, key=lambda b: (b.taken_at, b.path.name))


def verify(path: Path) -> None:
    """The whole of `path` reads back: SQLite header and a full integrity_check."""
    check_header(path)
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise PosError("backup_damaged", path=str(path), detail=str(exc)) from exc
    problems = [r[0] for r in rows if r and r[0] != "ok"]
    if problems:
        raise PosError("backup_damaged", path=str(path), detail="; ".join(problems[:3]))


def _copy(source: Path, target: Path) -> None:
    src = sqlite3.connect(source, timeout=10)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst, pages=2048)
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal
        finally:
            dst.close()
    finally:
        src.close()
    with target.open("rb") as fh:
        os.fsync(fh.fileno())


def make_backup(db_path: Path, folder: Path, now: datetime | None = None) -> Backup:
    """A checked copy of the store file in `folder`; PosError (nothing left behind) if not."""
    now = (now or datetime.now(UTC)).astimezone(UTC)
    name = f"{_PREFIX}{now.strftime(_STAMP)}{_SUFFIX}"
    final, partial = folder / name, folder / f".{name}.partial"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        partial.unlink(missing_ok=True)
        _copy(db_path, partial)
        verify(partial)
        secure_file(partial)
        os.replace(partial, final)
    except PosError:
        partial.unlink(missing_ok=True)
        raise
    except (sqlite3.Error, OSError) as exc:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        fault = classify(exc, folder / name)
        raise (fault if fault and fault.code == "db_disk_full"
               else PosError("backup_failed", detail=str(exc))) from exc
    return Backup(final, now.replace(microsecond=0))


def restore_copy(backup: Path, db_path: Path) -> None:
    """Write `backup` as the store file at `db_path` (which must not exist), checked first."""
    if not backup.is_file():
        raise PosError("backup_not_found", path=str(backup))
    verify(backup)
    partial = db_path.with_name(db_path.name + ".restoring")
    partial.unlink(missing_ok=True)
    try:
        _copy(backup, partial)
        for suffix in ("-wal", "-shm"):
            db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
        os.replace(partial, db_path)
    except (sqlite3.Error, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise classify(exc, db_path) or PosError("backup_failed", detail=str(exc)) from exc
