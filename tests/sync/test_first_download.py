"""A fresh till's first download (issue 15): interrupted by SIGKILL mid-download it resumes
from its cursor without losing or doubling a row, and the real app closed during or after
the download exits 0 (no sync thread alive at interpreter shutdown: exit -6 before).

Real HQ over HTTP (uvicorn in a thread, SQLite) holding products and members with their
change-log rows (the bench loaders), real till processes.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.sync import _load_products
from bench.sync_full import _fresh_till, _load_members
from hq import admin
from local_db.database import open_database
from local_db.uow import read_session
from sync.client import HqClient
from sync.link import get_cursor, hq_link
from sync.puller import pull_all
from tests.hq.server import run_hq_server

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
MEMBERS, PRODUCTS = 6_000, 1_000


@pytest.fixture
def world(tmp_path: Path):  # type: ignore[no-untyped-def]
    db = tmp_path / "hq.db"
    with run_hq_server(f"sqlite:///{db}") as hq:
        store_id = admin.create_store(hq.engine, "S01", "Store")
        _load_products(hq.engine, PRODUCTS)
        _load_members(hq.engine, store_id, MEMBERS, 7)
        till = tmp_path / "till"
        till.mkdir()
        yield hq, _fresh_till(till, hq.url, db)


def _count(db: Path, sql: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


def test_download_killed_mid_members_resumes_without_loss_or_duplicates(world) -> None:  # type: ignore[no-untyped-def]
    _hq, db = world
    child = subprocess.Popen([sys.executable, "-m", "tests.sync.download_child", "pull",
                              str(db)], cwd=ROOT, env=ENV)
    deadline = time.monotonic() + 120
    members = 0
    while time.monotonic() < deadline and child.poll() is None:
        members = _count(db, "SELECT count(*) FROM member")
        if members >= 1_000:
            break
        time.sleep(0.02)
    child.send_signal(signal.SIGKILL)
    child.wait(10)
    assert 0 < members < MEMBERS, "the kill must land mid-download"
    assert _count(db, "SELECT count(*) FROM member") < MEMBERS
    engine = open_database(db)  # the till starts again: integrity, then the next round
    link = hq_link(engine)
    assert link is not None
    with HqClient(link.hq_url, link.token) as client:
        pull_all(engine, client)
    engine.dispose()
    assert _count(db, "SELECT count(*) FROM member") == MEMBERS
    assert _count(db, "SELECT count(*) FROM member_fts") == MEMBERS  # indexed once each
    assert _count(db, "SELECT count(DISTINCT member_id) FROM member_fts") == MEMBERS
    assert _count(db, "SELECT count(*) FROM member_identifier") == 2 * MEMBERS
    assert _count(db, "SELECT count(*) FROM product WHERE id != 'p-bench'") == PRODUCTS
    assert _count(db, "SELECT count(*) FROM product_search WHERE terms IS NULL") == 0
    assert _count(db, "SELECT count(*) FROM pragma_integrity_check WHERE"
                      " integrity_check != 'ok'") == 0
    engine = open_database(db)
    with read_session(engine) as session:
        assert get_cursor(session, "members") > 0
    engine.dispose()


@pytest.mark.parametrize("when", ["during", "after"])
def test_app_closed_during_or_after_the_download_exits_0(world, when: str) -> None:  # type: ignore[no-untyped-def]
    _hq, db = world
    done = subprocess.run([sys.executable, "-m", "tests.sync.download_child", "app",
                           str(db.parent), when], cwd=ROOT, env=ENV, capture_output=True,
                          text=True, timeout=240)
    assert "Fatal Python error" not in done.stderr, done.stderr[-3000:]
    assert done.returncode == 0, done.stderr[-3000:]
    assert f"closing {when}" in done.stdout
    assert _count(db, "SELECT count(*) FROM pragma_integrity_check WHERE"
                      " integrity_check != 'ok'") == 0
    if when == "after":
        assert _count(db, "SELECT count(*) FROM member") == MEMBERS


def _products_searchable(db: Path) -> int:
    """Products the real catalogue search finds by pinyin (only the FTS index knows it)."""
    from pos_app.services.catalog import CatalogService

    engine = open_database(db)
    try:
        return len(CatalogService(engine).search("shangpin", limit=10_000))
    finally:
        engine.dispose()


@pytest.mark.parametrize("at_products", [1, 400, PRODUCTS])
def test_download_killed_during_products_leaves_search_working(world, at_products: int) -> None:  # type: ignore[no-untyped-def]
    """The first download builds the product index once at its end (triggers off meanwhile,
    local_db.product_index): a SIGKILL wherever it lands — before, during or after the
    products stream — leaves a till whose search finds every product it holds at restart,
    and the resumed download ends with the whole index and its triggers back."""
    _hq, db = world
    child = subprocess.Popen([sys.executable, "-m", "tests.sync.download_child", "pull",
                              str(db)], cwd=ROOT, env=ENV)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and child.poll() is None:
        if _count(db, "SELECT count(*) FROM product WHERE id != 'p-bench'") >= at_products:
            break
        time.sleep(0.005)
    child.send_signal(signal.SIGKILL)
    child.wait(10)
    held = _count(db, "SELECT count(*) FROM product WHERE id != 'p-bench'")
    assert held > 0
    assert _products_searchable(db) == held  # restart: the first search rebuilds if pending
    assert _count(db, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"
                      " AND name LIKE 'product_search_%'") == 6
    engine = open_database(db)
    link = hq_link(engine)
    assert link is not None
    with HqClient(link.hq_url, link.token) as client:
        pull_all(engine, client, streams=("products",))
    engine.dispose()
    assert _products_searchable(db) == PRODUCTS
    assert _count(db, "SELECT count(*) FROM product_search WHERE terms IS NULL") == 0
    assert _count(db, "SELECT count(*) FROM product_search") == PRODUCTS + 1
    assert _count(db, "SELECT count(*) FROM pragma_integrity_check WHERE"
                      " integrity_check != 'ok'") == 0
