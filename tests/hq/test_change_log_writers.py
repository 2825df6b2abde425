"""PostgreSQL change-log writers no longer queue on one lock, and a reader never skips a
change that an overlapping writer commits late (hq/changes.py, docs/sync.md §Cursor)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from hq import changes
from hq.db import open_database


def test_overlapping_writers_do_not_wait_and_the_reader_waits_for_the_older(hq_db_url: str):
    if not hq_db_url.startswith("postgresql"):
        pytest.skip("SQLite has one writer at a time; nothing can commit out of order")
    engine = open_database(hq_db_url)
    try:
        slow, quick = engine.connect(), engine.connect()
        slow_tx = slow.begin()
        first = changes.record(slow, "products", "P-SLOW", "upsert", {"n": 1})
        with quick.begin():
            quick.execute(text("SET LOCAL lock_timeout = '2s'"))  # a wait would fail here
            second = changes.record(quick, "products", "P-QUICK", "upsert", {"n": 2})
        assert second > first  # the later cursor committed first
        with engine.connect() as reader:
            page = changes.read_page(reader, "products", 0, 100, None)
        assert page.changes == [] and page.next_cursor == 0  # not past the slow writer's 10
        slow_tx.commit()
        with engine.connect() as reader:
            page = changes.read_page(reader, "products", 0, 100, None)
        assert [c.key for c in page.changes] == ["P-SLOW", "P-QUICK"]
        slow.close()
        quick.close()
    finally:
        engine.dispose()


def test_a_rolled_back_savepoint_keeps_the_transactions_floor(hq_db_url: str):
    if not hq_db_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only")
    engine = open_database(hq_db_url)
    try:
        writer = engine.connect()
        tx = writer.begin()
        with writer.begin_nested() as sp:
            changes.record(writer, "products", "GONE", "upsert", {})
            sp.rollback()
        kept = changes.record(writer, "products", "KEPT", "upsert", {})
        with engine.connect() as other, other.begin():
            changes.record(other, "products", "LATER", "upsert", {})
        with engine.connect() as reader:
            assert changes.read_page(reader, "products", 0, 100, None).changes == []
        tx.commit()
        with engine.connect() as reader:
            page = changes.read_page(reader, "products", 0, 100, None)
        assert [c.key for c in page.changes] == ["KEPT", "LATER"] and page.next_cursor > kept
        writer.close()
    finally:
        engine.dispose()
