"""One classification of what SQLite and the OS say when the store file misbehaves.

Start-up, a sale and the CLI all see the same few faults, each a PosError a person can act
on: the file is damaged, the disk is full, the file cannot be written (permissions, a
read-only disk), the database is locked by another program, it comes from a newer version of
the app, or it is not a database at all (0 bytes, no SQLite header). Anything else is left
as it is (a programming error stays visible as one).

Damage is the one fault whose advice depends on the data: a till is offline-first, so
restoring yesterday's backup throws away the sales HQ has not received yet. `damaged()`
counts those (raw read, tolerant of the damage) and words the advice accordingly.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from pathlib import Path

from pos_app.errors import PosError

LOW_DISK_BYTES = 4 * 1024 * 1024  # below this an I/O error is almost surely a full disk
SQLITE_HEADER = b"SQLite format 3\x00"

_DAMAGED = {"SQLITE_CORRUPT", "SQLITE_NOTADB", "SQLITE_CORRUPT_INDEX", "SQLITE_CORRUPT_SEQUENCE",
            "SQLITE_CORRUPT_VTAB"}
_WRITE = ("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH")
_LOCKED = ("SQLITE_BUSY", "SQLITE_LOCKED")


def free_bytes(path: Path) -> int | None:
    """Free space on the disk holding `path` (its nearest existing parent), None if unknown."""
    probe = path
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    try:
        return shutil.disk_usage(probe).free
    except OSError:
        return None


def _read_only(path: Path) -> bool:
    """A read-only mount (statvfs reports no free space on those too)."""
    probe = path if path.is_dir() else path.parent
    try:
        return bool(os.statvfs(probe).f_flag & os.ST_RDONLY) or not os.access(probe, os.W_OK)
    except (OSError, AttributeError):  # AttributeError: statvfs is POSIX-only
        return False


def _disk_is_full(path: Path) -> bool:
    if _read_only(path):
        return False
    free = free_bytes(path)
    return free is not None and free < LOW_DISK_BYTES


def _sqlite_error(exc: BaseException) -> sqlite3.Error | None:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, sqlite3.Error):
            return seen
        orig = getattr(seen, "orig", None)  # SQLAlchemy's DBAPIError wraps the driver's
        if isinstance(orig, sqlite3.Error):
            return orig
        seen = seen.__cause__ or seen.__context__
    return None


def _os_error(exc: BaseException) -> OSError | None:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, OSError) and seen.errno is not None:
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def pending_events(path: Path) -> int | None:
    """Events this till has not yet handed to HQ, read without trusting the file; None when
    even that cannot be read."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=2)
        try:
            return int(conn.execute(
                "SELECT count(*) FROM outbox_event WHERE status = 'pending'").fetchone()[0])
        finally:
            conn.close()
    except (sqlite3.Error, OSError, TypeError):
        return None


def damaged(path: Path, detail: str) -> PosError:
    """The damage message, with advice that never throws away unsent sales silently."""
    pending = pending_events(path)
    if pending is None:
        return PosError("db_damaged", detail=detail)
    if pending:
        return PosError("db_damaged_unsynced", detail=detail, count=pending)
    return PosError("db_damaged_synced", detail=detail)


def classify(exc: BaseException, path: Path | str) -> PosError | None:
    """The PosError that names `exc` truthfully, or None when it is not a storage fault."""
    if isinstance(exc, PosError):
        return exc
    path = Path(path)
    err = _sqlite_error(exc)
    if err is not None:
        name = getattr(err, "sqlite_errorname", "") or ""
        text = str(err)
        if name == "SQLITE_FULL" or "disk is full" in text:
            return PosError("db_disk_full", path=str(path.parent))
        if name.startswith("SQLITE_IOERR") or "disk I/O error" in text:
            if _read_only(path):
                return PosError("db_cannot_write", path=str(path), detail=text)
            if _disk_is_full(path):
                return PosError("db_disk_full", path=str(path.parent))
            return PosError("db_io_error", path=str(path), detail=text)
        if name.startswith(_WRITE) or "readonly" in text or "unable to open" in text:
            if _disk_is_full(path):
                return PosError("db_disk_full", path=str(path.parent))
            return PosError("db_cannot_write", path=str(path), detail=text)
        if name.startswith(_LOCKED) or "locked" in text or "busy" in text:
            return PosError("db_locked")
        if name in _DAMAGED or "malformed" in text or "not a database" in text:
            return damaged(path, text)
        return None
    oserr = _os_error(exc)
    if oserr is not None:
        if oserr.errno in (errno.ENOSPC, errno.EDQUOT):
            return PosError("db_disk_full", path=str(path.parent))
        if oserr.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return PosError("db_cannot_write", path=str(oserr.filename or path),
                            detail=oserr.strerror or "")
        if oserr.errno == errno.EIO:
            return PosError("db_io_error", path=str(path), detail=oserr.strerror or "")
    return None


def check_header(path: Path) -> None:
    """A file that exists must be a SQLite database: a 0-byte or headerless file is a store
    whose data is missing, never a new till (opening it would write a fresh schema into it)."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise classify(exc, path) or PosError("db_io_error", path=str(path),
                                              detail=str(exc)) from exc
    if size == 0:
        raise PosError("db_empty_file", path=str(path))
    if head != SQLITE_HEADER:
        raise PosError("db_not_sqlite", path=str(path))
