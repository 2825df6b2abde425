"""Writes on the hot path (a sale's commit) at the driver's speed, inside the session's own
transaction, with the rows stored exactly as SQLAlchemy would store them.

A Core `conn.execute(insert(table), rows)` spends most of its time in SQLAlchemy's execution
machinery, not in SQLite: for a sale's statements that was about as long as the whole raw
sqlite3 commit (bench checkout). Here an insert's text is built once per table and column
set, values go through each column's own bind processor (aware datetimes become the same
UTC text), and every write is noted for the after-commit notices like any other
(local_db.uow.TABLE_CHANGES), so nothing downstream can tell the difference. The session's
connection has already begun the transaction (BEGIN IMMEDIATE) when its driver is reached.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import sqlite
from sqlalchemy.exc import PendingRollbackError
from sqlmodel import Session

from kernel.sqlite import driver_of
from kernel.sqlite_rows import as_sqlalchemy, bound, insert_plan
from local_db.uow import DRIVER, note_table_write

_DIALECT = sqlite.dialect()


_DRIVER = "local_db.bulk.driver"
_WAS_IN = "local_db.bulk.was_in_transaction"


def driver(session: Session) -> sqlite3.Connection:
    """The sqlite3 connection under the session, inside its transaction.

    A write session (local_db.uow) hands it over in `session.info` (DRIVER). Any other
    session looks it up once per transaction and keeps it in `session.info` beside that
    transaction: `session.connection()` walks SQLAlchemy's transaction state each time
    (~30 µs), and a sale's commit asks for it about ten times. A new transaction of the same
    session (after a commit or rollback) looks it up afresh.

    A write session's connection that is no longer in its transaction is refused
    (PendingRollbackError, as the ORM refuses the same session): a flush error caught inside
    the block has rolled the connection back, and a driver write after it would run in
    autocommit, kept even if the block then fails (review 20 #4). The check is one attribute
    read of the sqlite3 connection.
    """
    given = session.info.get(DRIVER)
    if given is not None:
        if given.in_transaction:
            session.info[_WAS_IN] = True
        elif session.info.get(_WAS_IN):  # (an in-memory store's session never was: allowed)
            raise PendingRollbackError(
                "This write session's transaction was rolled back (an error inside the "
                "block); a driver write now would not be part of it.")
        return given  # type: ignore[no-any-return]
    transaction = session.get_transaction()
    held = session.info.get(_DRIVER)
    if held is not None and transaction is not None and held[0] is transaction:
        return held[1]  # type: ignore[no-any-return]
    conn = driver_of(session.connection())
    session.info[_DRIVER] = (session.get_transaction(), conn)
    return conn


@contextmanager
def as_sqlalchemy_errors(sql: str) -> Iterator[None]:
    """A driver error raised as SQLAlchemy would raise it (OperationalError, IntegrityError
    …), so the unit of work names a full disk or a damaged file the same way."""
    try:
        yield
    except sqlite3.Error as exc:
        raise as_sqlalchemy(sql, exc) from exc


def insert_rows(session: Session, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """INSERT `rows` (all with the same keys) into `table`; nothing for no rows. The text
    and the bind processors come from kernel.sqlite_rows (HQ's bulk apply uses the same);
    only the columns given are written, as the till's callers always give them all."""
    if not rows:
        return
    plan = insert_plan(table, tuple(rows[0]), _DIALECT, fill_defaults=False)
    assert plan is not None  # only a default to fill can make a plan impossible
    values = bound(plan, rows)
    try:
        driver(session).executemany(plan.sql, values)
    except sqlite3.Error as exc:
        raise as_sqlalchemy(plan.sql, exc) from exc
    note_table_write(session, table.name, insert=True)


def update_many(session: Session, table: str, sql: str, params: Sequence[tuple[Any, ...]]
                ) -> None:
    """An UPDATE of `table` (plain values: no bind processing), once per parameter tuple."""
    if params:
        try:
            driver(session).executemany(sql, params)
        except sqlite3.Error as exc:
            raise as_sqlalchemy(sql, exc) from exc
        note_table_write(session, table, insert=False)


def fetch_value(session: Session, sql: str, params: tuple[Any, ...] = ()) -> Any:
    """The first column of the first row `sql` returns (None for no row)."""
    try:
        row = driver(session).execute(sql, params).fetchone()
    except sqlite3.Error as exc:
        raise as_sqlalchemy(sql, exc) from exc
    return None if row is None else row[0]
