"""A first download's pages commit with `synchronous=NORMAL` (`write_session(durable=False)`)
and every other transaction — a sale's above all — with FULL: the pooled connection a page
used is FULL again before anyone else can take it, after a commit, an error or a rollback.

SQLite itself refuses to change the level inside a transaction, which is why local_db.uow
sets it before BEGIN and puts it back after the transaction ends."""

from __future__ import annotations

import sqlite3

import pytest

from local_db.database import open_database
from local_db.models import Product
from local_db.uow import DRIVER, write_session
from tests.local_db.test_bulk import product

NORMAL, FULL = 1, 2


def level(session) -> int:  # type: ignore[no-untyped-def]
    return int(session.info[DRIVER].execute("PRAGMA synchronous").fetchone()[0])


def test_sqlite_refuses_the_change_inside_a_transaction(tmp_path):
    conn = sqlite3.connect(tmp_path / "t.db", isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    with pytest.raises(sqlite3.OperationalError, match="inside a transaction"):
        conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("ROLLBACK")
    conn.execute("PRAGMA synchronous=NORMAL")  # between transactions: allowed
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == NORMAL
    conn.close()


def test_a_download_page_commits_relaxed_and_hands_back_a_full_connection(tmp_path):
    engine = open_database(tmp_path / "t.db")
    with write_session(engine, durable=False) as session:
        assert level(session) == NORMAL
        page_driver = session.info[DRIVER]
        session.add(Product(**product("PAGE")))
    with write_session(engine) as session:  # a sale's transaction next, on the same connection
        assert session.info[DRIVER] is page_driver
        assert level(session) == FULL
    with engine.connect() as conn:  # and the row is there
        assert conn.exec_driver_sql("SELECT count(*) FROM product").scalar() == 1


def test_full_again_after_an_error_and_rollback(tmp_path):
    engine = open_database(tmp_path / "t.db")
    with pytest.raises(RuntimeError), write_session(engine, durable=False) as session:
        session.add(Product(**product("PAGE")))
        session.flush()
        page_driver = session.info[DRIVER]
        raise RuntimeError("a bad page")
    assert page_driver.execute("PRAGMA synchronous").fetchone()[0] == FULL
    with write_session(engine) as session:
        assert level(session) == FULL
        assert session.info[DRIVER].execute("SELECT count(*) FROM product").fetchone()[0] == 0


def test_a_connection_that_cannot_be_set_back_is_discarded(tmp_path):
    engine = open_database(tmp_path / "t.db")
    with pytest.raises(Exception), write_session(engine, durable=False) as session:  # noqa: B017
        broken = session.info[DRIVER]
        broken.close()  # the commit and the pragma after it both fail on it
    with write_session(engine) as session:
        assert session.info[DRIVER] is not broken
        assert level(session) == FULL


def test_every_other_write_session_is_full(tmp_path):
    engine = open_database(tmp_path / "t.db")
    for _ in range(3):
        with write_session(engine) as session:
            assert level(session) == FULL
