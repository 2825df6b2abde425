"""The local store: pragmas on every connection, migrations at start, damage reported."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import text

from local_db.database import open_database
from pos_app.errors import PosError


def test_every_connection_has_the_durability_pragmas(db_path):
    engine = open_database(db_path)
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 5000


def test_migrations_run_at_start_and_are_idempotent(db_path):
    open_database(db_path).dispose()
    open_database(db_path).dispose()
    conn = sqlite3.connect(db_path)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    version = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    conn.close()
    expected = {"store", "terminal", "staff", "product", "barcode", "shift", "sale",
                "sale_line", "tender", "stock_move", "outbox_event", "audit_log", "sequence"}
    assert expected <= tables
    from alembic.script import ScriptDirectory

    from local_db.database import alembic_config

    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    assert version == [(head,)]


def test_a_file_that_is_not_a_database_is_reported_clearly(db_path):
    db_path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(PosError) as info:
        open_database(db_path)
    assert info.value.code == "db_not_sqlite"
    assert "not a database" in info.value.message()


def test_a_corrupted_page_is_found_by_the_start_up_check(world):
    world.engine.dispose()
    conn = sqlite3.connect(world.path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(world.path.read_bytes())
    page = 4096
    for number in range(1, len(data) // page):  # break every b-tree page header but page 1
        data[number * page] = 0x7F
    world.path.write_bytes(bytes(data))
    with pytest.raises(PosError) as info:
        open_database(world.path)
    assert info.value.code.startswith("db_damaged")


def test_foreign_keys_are_enforced(world):
    conn = world.engine.raw_connection()
    try:
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(
                "INSERT INTO barcode (code, product_id) VALUES ('1234567890128', 'no-such')"
            )
    finally:
        conn.close()
