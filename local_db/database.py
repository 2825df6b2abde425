"""Open the terminal database: check it is a healthy SQLite file, migrate it, hand out the engine.

A damaged file stops start-up with a clear message instead of failing later mid-sale.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

from local_db.engine import make_engine
from pos_app.errors import PosError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url)
    return cfg


def check_integrity(path: Path, full: bool = False) -> None:
    """quick_check (or integrity_check) on a raw connection; PosError('db_damaged') if bad."""
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
        raise PosError("db_damaged", detail=str(exc)) from exc
    problems = [r[0] for r in rows if r and r[0] != "ok"]
    if problems:
        raise PosError("db_damaged", detail="; ".join(problems[:3]))


def open_database(path: Path | str) -> Engine:
    """Integrity check, then Alembic upgrade to head, then the engine with our pragmas."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    check_integrity(path)
    engine = make_engine(path)
    try:
        with engine.connect() as conn:
            cfg = alembic_config(str(engine.url))
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            conn.commit()
    except Exception as exc:
        import sqlalchemy.exc

        if isinstance(exc, sqlalchemy.exc.DatabaseError):
            engine.dispose()
            raise PosError("db_damaged", detail=str(exc.orig)) from exc
        raise
    return engine
