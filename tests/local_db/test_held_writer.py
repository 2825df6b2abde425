"""The writer connection kept per engine (local_db.held_writer): reused from write to write,
never shared by two transactions at once, given back on a failure, closed by dispose()."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest

from kernel.sqlite import writer
from local_db.bulk import driver, insert_rows
from local_db.database import open_database
from local_db.models import Product
from local_db.uow import write_session
from tests.local_db.test_bulk import product
from tests.local_db.test_write_session_whole import skus


def _driver_of_write(engine) -> sqlite3.Connection:
    with write_session(engine) as session:
        return driver(session)


def test_writes_reuse_one_connection(tmp_path):
    engine = open_database(tmp_path / "t.db")
    first = _driver_of_write(engine)
    assert _driver_of_write(engine) is first
    assert _driver_of_write(engine) is first


def test_a_second_writer_meanwhile_gets_its_own_connection_and_waits_for_the_lock(tmp_path):
    engine = open_database(tmp_path / "t.db")
    inside = threading.Event()
    seen: dict[str, object] = {}

    def other() -> None:
        inside.wait(5)
        with write_session(engine) as session:  # SQLite's lock: waits for the first commit
            seen["other"] = driver(session)
            insert_rows(session, Product.__table__, [product("SECOND")])

    thread = threading.Thread(target=other)
    thread.start()
    with write_session(engine) as session:
        seen["first"] = driver(session)
        insert_rows(session, Product.__table__, [product("FIRST")])
        inside.set()
        deadline = time.monotonic() + 10
        while engine.pool.checkedout() < 2 and time.monotonic() < deadline:
            time.sleep(0.01)  # until the other write holds a pooled connection of its own
        assert engine.pool.checkedout() == 2  # and now waits at BEGIN IMMEDIATE for ours
    thread.join(10)
    assert not thread.is_alive()
    assert seen["other"] is not seen["first"]
    assert skus(tmp_path / "t.db") == ["FIRST", "SECOND"]
    assert _driver_of_write(engine) is seen["first"]  # the kept one is still the kept one


def test_a_failed_write_gives_its_connection_back(tmp_path):
    engine = open_database(tmp_path / "t.db")
    before = _driver_of_write(engine)
    with pytest.raises(RuntimeError), write_session(engine) as session:
        insert_rows(session, Product.__table__, [product("LOST")])
        raise RuntimeError("the block failed")
    with write_session(engine) as session:
        insert_rows(session, Product.__table__, [product("KEPT")])
    assert skus(tmp_path / "t.db") == ["KEPT"]
    assert before.in_transaction is False  # rolled back and back in the pool, not left open


@pytest.mark.parametrize("dispose", [lambda e: e.dispose(), lambda e: writer(e).dispose()])
def test_dispose_closes_the_kept_connection(tmp_path, dispose):
    engine = open_database(tmp_path / "t.db")
    kept = _driver_of_write(engine)
    dispose(engine)
    with pytest.raises(sqlite3.ProgrammingError):  # closed: the file is not held open
        kept.execute("SELECT 1")
    assert _driver_of_write(engine) is not kept  # the next write opens a new one


def test_dispose_during_a_write_closes_the_connection_after_it(tmp_path):
    engine = open_database(tmp_path / "t.db")
    with write_session(engine) as session:
        kept = driver(session)
        engine.dispose()  # e.g. a backup taken from inside a hook: never under the write
        insert_rows(session, Product.__table__, [product("STILL")])
    assert skus(tmp_path / "t.db") == ["STILL"]
    with pytest.raises(sqlite3.ProgrammingError):
        kept.execute("SELECT 1")

