"""Owner-only files on POSIX: the data folder 0700, the database and its secrets 0600.

Why: on a shared Windows/Linux box the till's folder was world-readable, so any local user
could copy the database (sales, members, the PIN hashes). Elsewhere (Windows ACLs) these
calls change nothing and say nothing.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600


def secure_dir(path: Path) -> None:
    """Create `path` if needed and make it (not its parents) owner-only."""
    path.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        info = path.stat()
        # Never a shared folder such as /tmp (sticky) or one that belongs to someone else.
        if info.st_uid == os.geteuid() and not info.st_mode & stat.S_ISVTX:
            path.chmod(DIR_MODE)


def secure_file(path: Path) -> None:
    """Owner read/write only, when the file exists."""
    if os.name == "posix" and path.exists():
        with contextlib.suppress(OSError):
            path.chmod(FILE_MODE)


def secure_database(db_path: Path) -> None:
    """The database's folder, the file itself and SQLite's -wal/-shm companions."""
    secure_dir(db_path.parent)
    for candidate in (db_path, *(db_path.with_name(db_path.name + s) for s in ("-wal", "-shm"))):
        secure_file(candidate)


def write_private(path: Path, text: str) -> None:
    """Write `text` so the file is never readable by others, not even for an instant."""
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    secure_file(path)
