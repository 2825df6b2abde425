"""SQLite as both the till and HQ use it: the same durability pragmas on every connection,
and BEGIN issued by us so a writer can take the lock up front.

pysqlite's implicit transactions are turned off, and every transaction starts with our own
BEGIN: plain for readers, BEGIN IMMEDIATE for an engine from `writer`, which then waits
(busy_timeout) for the write lock at its start instead of failing half-way with "database is
locked" when two writers meet.

Both are on every write's path (a sale's commit included, issue 15: commit ≤ 1.3× raw
sqlite3), so both are cheap: the BEGIN goes straight to the driver rather than through
SQLAlchemy's statement execution (which cost about as much as a whole raw commit's Python
work), and `writer` hands back one option engine per engine instead of building a new one,
with its own event dispatch, for every transaction.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from sqlalchemy import Connection, Engine, event
from sqlalchemy.exc import DBAPIError

PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=5000",
)
CONNECT_ARGS: dict[str, Any] = {"check_same_thread": False, "timeout": 5}
_IMMEDIATE = "sqlite_immediate"
# Set in a connection's `info` while a transaction its owner began on the driver is open
# (local_db.driver_tx): SQLAlchemy's own begin on it then joins that transaction.
DRIVER_BEGAN = "kernel_sqlite_driver_began"
_WRITER = "_kernel_sqlite_writer"


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
        if conn.info.get(DRIVER_BEGAN):  # the transaction is already open on the driver
            return
        sql = "BEGIN IMMEDIATE" if conn.get_execution_options().get(_IMMEDIATE) else "BEGIN"
        begin(driver_of(conn), sql)

    return engine


def driver_of(conn: Connection) -> sqlite3.Connection:
    """The sqlite3 connection under `conn`, inside the same transaction: bulk reads and
    writes go to it straight, without SQLAlchemy's per-statement work. A connection that
    was closed or invalidated has none, which is a bug in the caller (assert)."""
    raw = conn.connection.driver_connection
    assert raw is not None, "the SQLAlchemy connection has no driver connection"
    return raw  # type: ignore[no-any-return]


def begin(driver: sqlite3.Connection, sql: str = "BEGIN IMMEDIATE") -> None:
    """`sql` (a BEGIN) on the driver; its failure (locked, read-only, damaged file) raised
    as SQLAlchemy's error for it, as the statement sent through SQLAlchemy would be, so the
    callers' fault handling sees no difference."""
    try:
        driver.execute(sql)
    except sqlite3.Error as exc:
        raise DBAPIError.instance(sql, None, exc, sqlite3.Error) from exc


def writer(engine: Engine) -> Engine:
    """Same pool, but each transaction takes SQLite's write lock at BEGIN (an execution
    option other databases ignore). One per engine, kept on it."""
    held: Engine | None = engine.__dict__.get(_WRITER)
    if held is None:
        held = engine.execution_options(**{_IMMEDIATE: True})
        setattr(engine, _WRITER, held)
    return held
