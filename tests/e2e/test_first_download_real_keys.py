"""A till freshly paired with HQ sells while its first download runs (issue 15): the real app
on a real X server shows the download window without taking the keyboard, and real key
events sign the HQ cashier in, open the shift and ring up a wedge scan while the members
stream is still arriving; the download then completes with every member."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bench.sync import _load_products
from bench.sync_full import _fresh_till, _load_members
from hq import admin
from pos_app.services.settings import ScannerSettings, Settings, save_settings
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


def _keys_to(x: XServer, window: str) -> None:
    """Wait until `window` holds X's focus: there is no window manager, and keys sent while
    a dialog is going away land nowhere on a loaded machine (the app gives the focus back to
    its main window, a moment later)."""
    wait_for(lambda: x.xdotool("getwindowfocus") == window, timeout=30,
             what="the sale screen's focus")


def test_sign_in_and_scan_by_real_keys_while_members_download(tmp_path: Path) -> None:
    require_tools()
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
            _keys_to(x, window)  # a person sees the sale screen before scanning
            x.scan(CODE)  # while members arrive (the open cart's save may wait for a page)
            during = _one(db, "SELECT count(*) FROM member")
            wait_for(lambda: _one(db, "SELECT count(*) FROM member") == MEMBERS, timeout=400,
                     what="every member downloaded")
            _keys_to(x, window)
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
