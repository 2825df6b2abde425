"""SQLite as both the till and HQ use it: the same durability pragmas on every connection,
and BEGIN issued by us so a writer can take the lock up front.

pysqlite's implicit transactions are turned off, and every transaction starts with our own
BEGIN: plain for readers, BEGIN IMMEDIATE for an engine from `writer`, which then waits
(busy_timeout) for the write lock at its start instead of failing half-way with "database is
locked" when two writers meet.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, event

PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=5000",
)
CONNECT_ARGS: dict[str, Any] = {"check_same_thread": False, "timeout": 5}


def install_hooks(engine: Engine) -> Engine:
    """Give a SQLite engine our pragmas and our BEGIN; returns the same engine."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # pysqlite's implicit BEGIN off: we emit our own
        cursor = dbapi_conn.cursor()
        for pragma in PRAGMAS:
            cursor.execute(pragma)
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get("sqlite_immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def writer(engine: Engine) -> Engine:
    """Same pool, but each transaction takes SQLite's write lock at BEGIN (an execution
    option other databases ignore)."""
    return engine.execution_options(sqlite_immediate=True)
