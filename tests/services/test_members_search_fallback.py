"""The name search while a first download's index is still being built: members above the
watermark are found by a LIKE scan that is bounded (the newest rows only, and a time limit)
and skipped for pinyin or initials, which a LIKE of Chinese names can never match.

Real SQLite files through the project's migrations; the watermark is set as the members
stream's first page sets it (member_bulk_index.begin_bulk)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from local_db import member_bulk_index
from local_db.database import open_database
from local_db.member_index import watermark
from local_db.uow import read_session, write_session
from pos_app.services.members_search import like_can_match, name_index_partial, search_ids

NOW = "2026-12-01 00:00:00"


@pytest.fixture
def engine(tmp_path: Path):  # type: ignore[no-untyped-def]
    engine = open_database(tmp_path / "till.db")
    yield engine
    engine.dispose()


def _members_above_mark(engine: Engine, names: list[str]) -> None:
    """Mark the index pending, then write members the build has not reached (no FTS rows)."""
    with write_session(engine) as session:
        conn = session.connection()
        member_bulk_index.begin_bulk(conn)
        conn.connection.driver_connection.executemany(  # type: ignore[union-attr]
            "INSERT INTO member (id, name, gender, tier, tags, consent, marketing_consent,"
            " points_balance, points_debt, provisional, created_at, updated_at) VALUES"
            " (?, ?, '', 'regular', '[]', 1, 0, 0, 0, 0, ?, ?)",
            [(f"m-{n:06d}", name, NOW, NOW) for n, name in enumerate(names)])


@pytest.mark.parametrize(("query", "can"), [
    ("wangfang", False), ("chenj", False), ("wf", False), ("wang fang", False),
    ("xiaoming", False), ("ＷＡＮＧ", False), ("王", True), ("王f", True), ("smith", True),
    ("Emily", True), ("anna", False), ("13812345678", True), ("", False),
])
def test_like_is_tried_only_when_a_name_could_contain_the_query(query: str, can: bool) -> None:
    assert like_can_match(query) is can


def test_pinyin_skips_the_scan_chinese_and_latin_names_are_found(engine: Engine) -> None:
    _members_above_mark(engine, ["王芳", "李伟", "Mary Smith"])
    with read_session(engine) as session:
        conn = session.connection()
        assert name_index_partial(conn)
        assert search_ids(conn, "王芳") == ["m-000000"]
        assert search_ids(conn, "smith") == ["m-000002"]
        assert search_ids(conn, "wangfang") == []  # only the index has a name's pinyin
        assert search_ids(conn, "wf") == []


def test_the_scan_reads_only_the_newest_rows_above_the_watermark(engine: Engine) -> None:
    _members_above_mark(engine, ["王芳"] * 300)
    with read_session(engine) as session:
        conn = session.connection()
        mark = watermark(conn)
        assert mark is not None
        found = member_bulk_index.fallback_ids(conn, "王芳", mark, 1_000, scan=50)
        assert found == [f"m-{n:06d}" for n in range(299, 249, -1)]  # newest first
        assert len(member_bulk_index.fallback_ids(conn, "王芳", mark, 1_000)) == 300


def test_the_scan_stops_at_its_time_bound_and_the_connection_goes_on(engine: Engine) -> None:
    _members_above_mark(engine, ["张三丰"] * 20_000)
    with read_session(engine) as session:
        conn = session.connection()
        mark = watermark(conn)
        assert mark is not None
        cut = member_bulk_index.fallback_ids(conn, "三丰", mark, 100_000, seconds=0.0)
        assert len(cut) < 20_000  # interrupted, what was found so far kept, no error
        raw = conn.connection.driver_connection
        assert raw.execute("SELECT count(*) FROM member").fetchone() == (20_000,)  # type: ignore[union-attr]
        assert len(member_bulk_index.fallback_ids(conn, "三丰", mark, 100_000)) == 20_000
