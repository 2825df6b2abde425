"""A write transaction begun and committed on the sqlite3 connection itself, with an ORM
`Session` that joins it when the block uses the ORM.

Why (issue 15: a sale commit ≤ 1.3× raw sqlite3): SQLAlchemy's `Connection.begin()` and
its commit — the transaction objects, event dispatch and the dialect's commit — cost 60–80 µs
inside a sale's commit (A/B in the bench's own loop, 200k products: ratio 1.32 → 1.24),
more than any other piece of what our layers add. A sale writes only at the driver
(local_db.bulk), so it needs none of it.

How the ORM still works inside: the driver's BEGIN IMMEDIATE is marked on the connection
(kernel.sqlite.DRIVER_BEGAN), so when the `Session` first needs the connection its
`begin()` opens nothing and joins the SQLite transaction already open. At the end, a
Session that joined commits through SQLAlchemy (its COMMIT is the same SQLite COMMIT, and
its state stays true); one that never touched the connection leaves the COMMIT to the
driver. A transaction rolled back inside the block (an ORM flush error the block caught) is
refused at the end rather than committed half: the same PendingRollbackError the ORM gives.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.engine import Connection
from sqlalchemy.exc import PendingRollbackError
from sqlmodel import Session

from kernel.sqlite import DRIVER_BEGAN, begin, driver_of
from kernel.sqlite_rows import as_sqlalchemy

log = logging.getLogger(__name__)


@contextmanager
def driver_transaction(conn: Connection) -> Iterator[Session]:
    """BEGIN IMMEDIATE … COMMIT on `conn`'s driver, or ROLLBACK on any exception; yields the
    Session bound to `conn` for the block."""
    driver = driver_of(conn)
    conn.info[DRIVER_BEGAN] = True
    try:
        begin(driver)  # a lock it cannot get is SQLAlchemy's OperationalError, as before
        session = Session(bind=conn, expire_on_commit=False)
        try:
            yield session
            session.flush()  # what the ORM holds, before the commit
            _commit(session, conn, driver)
            if session.in_transaction() or session.identity_map:
                session.close()  # objects detached: none reaches the connection after this
        except BaseException:
            _rollback(session, conn, driver)
            raise
    finally:
        conn.info.pop(DRIVER_BEGAN, None)


def _commit(session: Session, conn: Connection, driver: sqlite3.Connection) -> None:
    if conn.in_transaction():  # the ORM joined: its commit is the SQLite COMMIT
        session.commit()
        return
    if not driver.in_transaction:
        raise PendingRollbackError(
            "This write session's transaction was rolled back (an error inside the block); "
            "there is nothing left to commit.")
    try:
        driver.execute("COMMIT")
    except sqlite3.Error as exc:  # a full disk at COMMIT: named as SQLAlchemy names it
        raise as_sqlalchemy("COMMIT", exc) from exc


def _rollback(session: Session, conn: Connection, driver: sqlite3.Connection) -> None:
    """Undo whatever is open, never raising over the error that got us here; a connection
    that cannot roll back is invalidated (the pool opens a new one)."""
    try:
        if session.in_transaction() or session.identity_map:
            session.close()  # the ORM's transaction, if it joined: SQLite's ROLLBACK
        if driver.in_transaction:
            driver.execute("ROLLBACK")
    except Exception:
        log.warning("a write transaction could not be rolled back: connection discarded",
                    exc_info=True)
        conn.invalidate()
