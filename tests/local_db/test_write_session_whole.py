"""A write session is one transaction whatever the block mixes (ORM, local_db.bulk's driver
writes, Core), rolled back whole on any exception, KeyboardInterrupt included; a BEGIN that
cannot get the lock is the translated `db_locked`; and after a flush error caught inside the
block, a driver write is refused rather than run in autocommit (review 20 #4)."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import event, insert
from sqlalchemy.exc import IntegrityError, PendingRollbackError

from local_db.bulk import insert_rows
from local_db.database import open_database
from local_db.models import Product
from local_db.uow import on_commit, write_session
from pos_app.errors import PosError
from tests.local_db.test_bulk import product


def skus(path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [row[0] for row in conn.execute("SELECT sku FROM product ORDER BY sku")]
    finally:
        conn.close()


@pytest.mark.parametrize("error", [KeyboardInterrupt, RuntimeError])
def test_orm_driver_and_core_writes_roll_back_together(tmp_path, error):
    engine = open_database(tmp_path / "t.db")
    heard: list[frozenset[str]] = []
    on_commit(engine, heard.append)
    with pytest.raises(error), write_session(engine) as session:
        session.add(Product(**product("ORM")))
        session.flush()
        insert_rows(session, Product.__table__, [product("DRIVER")])
        session.connection().execute(insert(Product.__table__), product("CORE"))
        raise error("the till is stopped mid-block")
    assert skus(tmp_path / "t.db") == []
    assert heard == []  # nothing announced for a rolled-back block
    with write_session(engine) as session:  # the pooled connection is usable again
        insert_rows(session, Product.__table__, [product("AFTER")])
    assert skus(tmp_path / "t.db") == ["AFTER"]


def test_a_driver_write_after_a_caught_flush_error_is_refused(tmp_path):
    engine = open_database(tmp_path / "t.db")
    with write_session(engine) as session:
        insert_rows(session, Product.__table__, [product("A")])
    with pytest.raises(PendingRollbackError), write_session(engine) as session:
        insert_rows(session, Product.__table__, [product("B")])
        try:
            session.add(Product(**product("A")))  # clashes with A's unique sku / id
            session.flush()
        except IntegrityError:
            pass  # a service that catches it and goes on
        insert_rows(session, Product.__table__, [product("C")])
    assert skus(tmp_path / "t.db") == ["A"]  # neither B nor C


def test_a_begin_that_cannot_get_the_lock_is_db_locked(tmp_path):
    path = tmp_path / "t.db"
    engine = open_database(path)
    engine.dispose()
    event.listen(engine, "connect",  # after our pragmas: wait 50 ms, not the till's 5 s
                 lambda dbapi_conn, _record: dbapi_conn.execute("PRAGMA busy_timeout = 50"))
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(PosError) as info, write_session(engine) as session:
            insert_rows(session, Product.__table__, [product("X")])
        assert info.value.code == "db_locked"
    finally:
        holder.rollback()
        holder.close()
    assert skus(path) == []
