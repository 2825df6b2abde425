"""A till freshly paired with HQ sells while its first download runs (issue 15): the real app
on a real X server shows the download window without taking the keyboard, and real key
events sign the HQ cashier in, open the shift and ring up a wedge scan while the members
stream is still arriving; the download then completes with every member."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.sync import _load_products
from bench.sync_full import _fresh_till, _load_members
from hq import admin
from hq.routes import changes as changes_route
from pos_app.services.settings import ScannerSettings, Settings, save_settings
from tests.e2e.till_steps import keys_to_main
from tests.e2e.xserver import XServer, require_tools, wait_for
from tests.hq.server import run_hq_server

CODE = "6901234567892"  # the till's own product (bench_sync_full._fresh_till)
MEMBERS = 60_000
pytestmark = pytest.mark.timeout(600)


def _one(db: Path, sql: str) -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)
    try:
        row = conn.execute(sql).fetchone()
        return int(row[0]) if row and row[0] is not None else 0
    finally:
        conn.close()


def _text(db: Path) -> str:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)
    try:
        row = conn.execute("SELECT payload FROM parked_cart WHERE kind = 'open'").fetchone()
        return str(row[0]) if row else ""
    finally:
        conn.close()


def _members_paced(monkeypatch: pytest.MonkeyPatch, seconds: float) -> None:
    """HQ answers each members page `seconds` late: 60,000 members now arrive in about 3 s
    on a quiet machine, before a person has typed their code (the full run at 19:05 rang
    the first scan after the last member), so the download is paced to outlast the sign-in,
    the shift and the first scan, as a real store's 1M members over a real link do."""
    real = changes_route.read_page_json

    def paced(conn: object, stream: str, *args: object, **kwargs: object) -> bytes:
        if stream == "members":
            time.sleep(seconds)
        return real(conn, stream, *args, **kwargs)

    monkeypatch.setattr(changes_route, "read_page_json", paced)


def test_sign_in_and_scan_by_real_keys_while_members_download(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    require_tools()
    _members_paced(monkeypatch, 0.5)  # 30 pages: ~15 s of download at least
    hq_db = tmp_path / "hq.db"
    with run_hq_server(f"sqlite:///{hq_db}") as hq:
        store_id = admin.create_store(hq.engine, "S01", "Store")
        admin.create_staff(hq.engine, "S01", "1001", "赵敏", "cashier", "1111")
        _load_products(hq.engine, 2_000)
        _load_members(hq.engine, store_id, MEMBERS, 5)
        data_dir = tmp_path / "till"
        data_dir.mkdir()
        save_settings(data_dir / "settings.json",
                      Settings(language="en", printer_url="virtual:e2e-download",
                               scanner=ScannerSettings(max_gap_ms=80)))
        db = _fresh_till(data_dir, hq.url, hq_db)
        x = XServer()
        log = (tmp_path / "app.log").open("w")
        app = subprocess.Popen([sys.executable, "-m", "pos_app.cli", "--data-dir",
                                str(data_dir), "--lang", "en"], env=x.env(), stdout=log,
                               stderr=subprocess.STDOUT)
        try:
            x.window_titled("^Downloading from HQ$", timeout=90)
            wait_for(lambda: _one(db, "SELECT count(*) FROM staff WHERE code = '1001'"),
                     timeout=120, what="HQ's cashier downloaded")
            window = x.window_titled("^Shopfloor POS$", timeout=10)
            x.xdotool("windowfocus", "--sync", window)
            x.human("1001")
            x.key("Return")
            x.human("1111")
            x.key("Return")
            x.window_titled("^Open shift$", timeout=60)
            x.key("Return")
            wait_for(lambda: _one(db, "SELECT count(*) FROM shift WHERE closed_at IS NULL"),
                     timeout=60, what="the shift to open")
            keys_to_main(x)  # a person sees the sale screen before scanning
            x.scan(CODE)  # while members arrive (the open cart's save may wait for a page)
            during = _one(db, "SELECT count(*) FROM member")
            wait_for(lambda: _one(db, "SELECT count(*) FROM member") == MEMBERS, timeout=400,
                     what="every member downloaded")
            keys_to_main(x)
            x.scan(CODE)  # the same product again: one line, quantity 2, kept on disk
            wait_for(lambda: '"quantity":2' in _text(db), timeout=60,
                     what="the open cart kept with both scans on one line")
            assert during < MEMBERS, "the first scan was rung up while members were arriving"
            assert _one(db, "SELECT line_count FROM parked_cart WHERE kind = 'open'") == 1
            assert app.poll() is None, "the app died"
        finally:
            x.screenshot(tmp_path / "last-screen.png")
            app.terminate()
            try:
                app.wait(15)
            except subprocess.TimeoutExpired:
                app.kill()
            log.close()
            x.stop()
