"""A write transaction begun and committed on the driver (local_db.driver_tx): the ORM
joins it, nothing reaches the connection after the block, and a COMMIT the database refuses
is SQLAlchemy's error with nothing written."""

from __future__ import annotations

import sqlite3

import pytest

from local_db.bulk import driver, insert_rows
from local_db.database import open_database
from local_db.models import Product
from local_db.uow import write_session
from tests.local_db.test_bulk import product
from tests.local_db.test_write_session_whole import skus


def test_orm_objects_are_detached_after_the_block(tmp_path):
    from sqlalchemy import inspect

    engine = open_database(tmp_path / "t.db")
    with write_session(engine) as session:
        made = Product(**product("ORM"))
        session.add(made)
    assert inspect(made).detached  # no later attribute load can reach the kept connection
    assert skus(tmp_path / "t.db") == ["ORM"]


def test_a_commit_the_database_refuses_leaves_nothing_and_the_next_write_works(tmp_path):
    """A deferred foreign key fails at COMMIT itself: the driver's COMMIT error comes out as
    SQLAlchemy's IntegrityError, the transaction is rolled back, the connection given back."""
    from sqlalchemy.exc import IntegrityError

    path = tmp_path / "t.db"
    engine = open_database(path)
    setup = sqlite3.connect(path)
    setup.executescript(
        "CREATE TABLE parent (id TEXT PRIMARY KEY);"
        "CREATE TABLE child (id TEXT PRIMARY KEY, parent_id TEXT REFERENCES parent(id)"
        " DEFERRABLE INITIALLY DEFERRED);")
    setup.close()
    with pytest.raises(IntegrityError, match="FOREIGN KEY"), write_session(engine) as session:
        insert_rows(session, Product.__table__, [product("LOST")])
        driver(session).execute("INSERT INTO child VALUES ('c', 'nobody')")
    assert skus(path) == []
    with write_session(engine) as session:
        insert_rows(session, Product.__table__, [product("NEXT")])
    assert skus(path) == ["NEXT"]
