"""Open the terminal database: cheap checks that it is this app's healthy SQLite file, migrate
it, hand out the engine.

Start-up costs the same whatever the file's size: the header, the schema revision and the
WAL file's header are read, never the whole file (a full-scale store's file is a gigabyte;
`quick_check` runs in the background once the sale screen is up, see local_db.integrity).
Every fault is named by local_db.faults: a 0-byte or headerless file, a database written by
a newer version, a full disk, a file that cannot be written, a damaged file.
"""

from __future__ import annotations

import ast
import re
import sqlite3
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text

from local_db.engine import make_engine
from local_db.faults import check_header, classify, damaged
from local_db.secure_files import secure_database
from pos_app.errors import PosError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
WAL_MAGIC = (0x377F0682, 0x377F0683)


def alembic_config(url: str) -> Config:
    from alembic.config import Config  # Alembic is imported only when a migration is due

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url)
    return cfg


_ASSIGNED = re.compile(r"^(revision|down_revision)\s*(?::[^=\n]*)?=\s*(.+?)\s*$", re.M)


@lru_cache(maxsize=1)
def known_revisions() -> tuple[str, frozenset[str]]:
    """(head, every revision this code knows), read from the migration scripts' text.

    Not through Alembic's ScriptDirectory: importing Alembic and every script costs half a
    second at each start, and on a till that is up to date no migration runs at all. The
    scripts name themselves the way Alembic reads them (`revision = '0016'`,
    `down_revision = '0015'`); tests/local_db check both readings agree."""
    known: set[str] = set()
    parents: set[str] = set()
    for script in (MIGRATIONS / "versions").glob("*.py"):
        values = dict(m.groups() for m in _ASSIGNED.finditer(script.read_text("utf-8")))
        if "revision" not in values:
            continue
        known.add(ast.literal_eval(values["revision"]))
        down = ast.literal_eval(values.get("down_revision", "None"))
        parents.update(down if isinstance(down, tuple | list) else [down] if down else [])
    heads = known - parents
    if len(heads) != 1:
        raise RuntimeError(f"migrations: expected one head, found {sorted(heads)}")
    return heads.pop(), frozenset(known)


def check_integrity(path: Path, full: bool = False) -> None:
    """quick_check (or integrity_check) on a raw connection; PosError('db_damaged…') if bad.

    Reads the whole file: run it in the background (local_db.integrity), never at start-up.
    """
    if not path.exists():
        return
    pragma = "integrity_check" if full else "quick_check"
    try:
        conn = sqlite3.connect(path, timeout=5)
        try:
            rows = conn.execute(f"PRAGMA {pragma}").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise classify(exc, path) or damaged(path, str(exc)) from exc
    problems = [r[0] for r in rows if r and r[0] != "ok"]
    if problems:
        raise damaged(path, "; ".join(problems[:3]))


def _check_wal(path: Path) -> None:
    """A WAL file with a broken header would be silently discarded by SQLite, and with it the
    transactions it holds: refuse instead."""
    wal = path.with_name(path.name + "-wal")
    try:
        if not wal.exists() or wal.stat().st_size < 32:
            return
        with wal.open("rb") as fh:
            magic = int.from_bytes(fh.read(4), "big")
    except OSError as exc:
        raise classify(exc, wal) or PosError("db_io_error", path=str(wal),
                                             detail=str(exc)) from exc
    if magic not in WAL_MAGIC:
        raise damaged(path, f"{wal.name}: not a write-ahead log")


def stored_revision(path: Path) -> str | None:
    """The Alembic revision the file was last migrated to (None: no schema yet)."""
    try:
        conn = sqlite3.connect(path, timeout=5)
        try:
            conn.execute("PRAGMA schema_version").fetchone()  # parses sqlite_master: page 1
            has = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table'"
                               " AND name = 'alembic_version'").fetchone()
            if not has:
                return None
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            return row[0] if row else None
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise classify(exc, path) or damaged(path, str(exc)) from exc


def _refuse_lost_store(path: Path) -> None:
    """A missing store file beside backups of it is a lost store, not a new till: pairing or
    seeding a fresh file there would start the receipt numbers again."""
    from local_db.backups import BACKUP_DIR, list_backups

    found = list_backups(path.parent / BACKUP_DIR)
    if found:
        raise PosError("db_missing_with_backups", path=str(path), latest=str(found[-1].path))


def preflight(path: Path, fresh: bool = False) -> str | None:
    """The checks whose cost does not grow with the file; returns the stored revision.
    `fresh`: the caller makes a new file on purpose (recovery), backups or not."""
    if not path.exists():
        if not fresh:
            _refuse_lost_store(path)
        return None
    check_header(path)
    _check_wal(path)
    revision = stored_revision(path)
    head, known = known_revisions()
    if revision is not None and revision not in known:
        raise PosError("db_newer_schema", revision=revision, head=head)
    return revision


def open_database(path: Path | str, fresh: bool = False) -> Engine:
    """Cheap checks, then Alembic upgrade to head (when behind), then the engine.

    Whether a migration is due is decided by reading `alembic_version` with plain sqlite3
    (`preflight`) against the scripts' own text (`known_revisions`): Alembic is imported only
    when one is."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise classify(exc, path) or PosError("db_cannot_write", path=str(path.parent),
                                              detail=str(exc)) from exc
    revision = preflight(path, fresh)
    engine = make_engine(path)
    try:
        with engine.connect() as conn:
            conn.execute(text("PRAGMA schema_version")).scalar()
            if revision != known_revisions()[0]:
                from alembic import command  # only when a migration is due

                cfg = alembic_config(str(engine.url))
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
            conn.commit()
    except Exception as exc:
        engine.dispose()
        fault = classify(exc, path)
        if fault is not None:
            raise fault from exc
        raise
    secure_database(path)  # folder 0700, database (and -wal/-shm) 0600: the owner's alone
    return engine
