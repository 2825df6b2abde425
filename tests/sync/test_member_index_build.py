"""The member name index of a first download is built once at the members stream's end
(local_db.member_bulk_index), in chunks behind a watermark: stopped or SIGKILLed anywhere,
a till's name search keeps finding every member (the FTS below the watermark, a LIKE scan
above it), writers during the build (enrolment, renames, merges) end indexed exactly once,
and the next members pull finishes the index.

Real HQ over HTTP (uvicorn in a thread, SQLite) with members loaded by the bench's loader,
real till databases and processes.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from bench.sync_full import _fresh_till, _load_members
from hq import admin
from local_db import member_bulk_index
from local_db.database import open_database
from local_db.member_index import index_member, unindex_member, watermark
from local_db.uow import read_session, write_session
from pos_app.services.members_search import search_ids
from sync.client import HqClient
from sync.link import hq_link
from sync.puller import INDEX_PHASE, pull_all
from tests.hq.server import run_hq_server

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
MEMBERS = 1_500


@pytest.fixture
def world(tmp_path: Path):  # type: ignore[no-untyped-def]
    db = tmp_path / "hq.db"
    with run_hq_server(f"sqlite:///{db}") as hq:
        store_id = admin.create_store(hq.engine, "S01", "Store")
        _load_members(hq.engine, store_id, MEMBERS, 3)
        till = tmp_path / "till"
        till.mkdir()
        yield hq, _fresh_till(till, hq.url, db)


def _q(db: Path, sql: str) -> list[tuple]:  # type: ignore[type-arg]
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def _pull(engine: Engine, cancel: threading.Event | None = None,
          stop_at: int | None = None) -> None:
    link = hq_link(engine)
    assert link is not None

    def progress(stream: str, rows: int, _more: bool) -> None:
        if cancel is not None and stream == INDEX_PHASE and stop_at and rows >= stop_at:
            cancel.set()

    with HqClient(link.hq_url, link.token) as client:
        pull_all(engine, client, streams=("members",), limit=300, on_progress=progress,
                 cancel=cancel)


def _every_member_found(engine: Engine, db: Path) -> None:
    """Each active member is found by its own name (FTS or the LIKE fallback)."""
    names: dict[str, set[str]] = {}
    for mid, name in _q(db, "SELECT id, name FROM member WHERE merged_into IS NULL"):
        names.setdefault(name, set()).add(mid)
    with read_session(engine) as session:
        conn = session.connection()
        for name, ids in names.items():
            assert ids <= set(search_ids(conn, name, limit=MEMBERS)), name


_INDEXES = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name IN" \
    " ('ix_member_guide', 'ix_member_phone_last4')"


def _migrated_indexes() -> dict[str, str]:
    """The deferred indexes' SQL as the migrations create it (a fresh database)."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "fresh.db"
        open_database(fresh).dispose()
        return dict(_q(fresh, _INDEXES))


def _index_whole(db: Path, active: int, indexes: dict[str, str] | None = None) -> None:
    """Every active member indexed once, no mark, the dropped indexes back as they were
    (`indexes`, by default as migrated) and none still owed."""
    assert dict(_q(db, _INDEXES)) == (indexes or _migrated_indexes())
    assert _q(db, f"SELECT count(*) FROM {member_bulk_index.SAVED}") == [(0,)]
    assert _q(db, "SELECT count(*), count(DISTINCT member_id) FROM member_fts") == [
        (active, active)]
    assert _q(db, "SELECT count(*) FROM member m WHERE merged_into IS NULL AND NOT EXISTS"
                  " (SELECT 1 FROM member_fts f WHERE f.member_id = m.id)") == [(0,)]
    assert _q(db, "SELECT count(*) FROM sync_state WHERE stream = 'member_index'") == [(0,)]


def test_the_build_restores_each_index_as_it_was_before_the_download(world) -> None:  # type: ignore[no-untyped-def]
    """An index a later migration changed comes back changed: the build creates what the
    drop saved, not a copy of the migrations' SQL."""
    _hq, db = world
    changed = "CREATE INDEX ix_member_guide ON member (name, id) WHERE merged_into IS NULL"
    conn = sqlite3.connect(db)
    conn.executescript(f"DROP INDEX ix_member_guide; {changed};")
    conn.close()
    before = dict(_q(db, _INDEXES))
    assert before["ix_member_guide"] == changed
    engine = open_database(db)
    _pull(engine)
    _index_whole(db, MEMBERS, before)
    engine.dispose()


def test_build_stopped_midway_keeps_search_and_writers_right(world, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _hq, db = world
    monkeypatch.setattr(member_bulk_index, "CHUNK", 200)  # several chunks for 1,500 members
    engine = open_database(db)
    _pull(engine, threading.Event(), stop_at=400)  # the build stops after two chunks
    with read_session(engine) as session:
        mark = watermark(session.connection())
    assert mark is not None and mark > 0
    assert _q(db, "SELECT count(*) FROM member") == [(MEMBERS,)]
    assert 0 < _q(db, "SELECT count(*) FROM member_fts")[0][0] < MEMBERS
    _every_member_found(engine, db)  # indexed ones by FTS, the rest by the fallback
    below, above = _q(db, f"SELECT id, name FROM member WHERE rowid <= {mark} LIMIT 1")[0], \
        _q(db, f"SELECT id, name FROM member WHERE rowid > {mark} LIMIT 1")[0]
    with write_session(engine) as session:  # writers while the build is pending
        conn = session.connection()
        conn.execute(text(  # an enrolment (above the watermark: left to the build)
            "INSERT INTO member (id, name, gender, tier, tags, consent, marketing_consent,"
            " points_balance, points_debt, provisional, created_at, updated_at) VALUES"
            " ('new-1', '欧阳娜娜', '', 'regular', '[]', 1, 0, 0, 0, 1,"
            " '2026-12-01 00:00:00', '2026-12-01 00:00:00')"))
        index_member(conn, "new-1", "欧阳娜娜")
        for mid, name in (below, above):  # renames, as the members stream does them
            unindex_member(conn, mid, name)
            conn.execute(text("UPDATE member SET name = '司马光' WHERE id = :i"), {"i": mid})
            index_member(conn, mid, "司马光")
    assert _q(db, "SELECT count(*) FROM member_fts WHERE member_id IN"
                  f" ('new-1', '{above[0]}')") == [(0,)]
    with read_session(engine) as session:
        conn = session.connection()
        assert set(search_ids(conn, "司马光")) == {below[0], above[0]}
        assert search_ids(conn, "欧阳") == ["new-1"]
    _pull(engine)  # the next round: no new pages, the build resumes and ends
    _index_whole(db, MEMBERS + 1)
    with read_session(engine) as session:
        conn = session.connection()
        assert set(search_ids(conn, "simaguang")) == {below[0], above[0]}
        assert search_ids(conn, "ouyangnana") == ["new-1"]
    engine.dispose()


def test_till_killed_before_the_build_ends_finds_every_name_then_builds(world) -> None:  # type: ignore[no-untyped-def]
    _hq, db = world
    child = subprocess.Popen([sys.executable, "-m", "tests.sync.download_child", "pull",
                              str(db)], cwd=ROOT, env=ENV)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and child.poll() is None:
        if _q(db, "SELECT count(*) FROM member")[0][0] >= MEMBERS - 200:
            break  # the download's last pages, the build not yet over
        time.sleep(0.005)
    child.send_signal(signal.SIGKILL)
    child.wait(10)
    assert _q(db, "SELECT count(*) FROM sync_state WHERE stream = 'member_index'") == [(1,)]
    assert _q(db, "SELECT count(*) FROM sqlite_master WHERE name = 'ix_member_guide'") == [(0,)]
    engine = open_database(db)  # restart: every name is found before the build ends
    _every_member_found(engine, db)
    _pull(engine)
    _index_whole(db, MEMBERS)
    assert _q(db, "SELECT count(*) FROM member") == [(MEMBERS,)]
    assert _q(db, "SELECT count(*) FROM pragma_integrity_check WHERE"
                  " integrity_check != 'ok'") == [(0,)]
    engine.dispose()
