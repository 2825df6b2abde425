"""The till's store and HQ's SQLite file get the same hooks from kernel.sqlite."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import text

from hq.db import make_engine as make_hq_engine
from kernel.sqlite import writer
from local_db.engine import make_engine as make_till_engine


@pytest.mark.parametrize("make", [
    lambda path: make_till_engine(path),
    lambda path: make_hq_engine(f"sqlite:///{path}"),
], ids=["till", "hq"])
def test_both_stores_open_sqlite_durable_and_take_the_write_lock_at_begin(tmp_path, make):
    path = tmp_path / "store.db"
    engine = make(path)
    try:
        with engine.connect() as conn:
            pragmas = [conn.exec_driver_sql(f"PRAGMA {name}").scalar() for name in
                       ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")]
        assert pragmas == ["wal", 2, 1, 5000]  # synchronous 2 = FULL
        with writer(engine).begin() as conn:
            conn.execute(text("SELECT 1"))  # BEGIN IMMEDIATE: the lock is held from here
            other = sqlite3.connect(path, timeout=0, isolation_level=None)
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
            other.close()
        with engine.begin() as conn:  # a reader's plain BEGIN takes no lock up front
            conn.execute(text("SELECT 1"))
            other = sqlite3.connect(path, timeout=0, isolation_level=None)
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            other.close()
    finally:
        engine.dispose()
