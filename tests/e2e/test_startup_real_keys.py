"""The till's first frame is a usable sign-in screen (issue 15): the real app on a real X
server says it is ready (the staff-code field painted with the keyboard focus) and real key
events typed at once sign the cashier in and ring up a scan — nothing was still loading."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from pos_app.app import build
from pos_app.services.settings import ScannerSettings, Settings, save_settings
from tests.e2e.xserver import XServer, require_tools, wait_for

COLA = "6901234567892"  # in the demo catalog
pytestmark = pytest.mark.timeout(300)


def _rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10) as conn:
        return conn.execute(sql).fetchall()


def test_keys_typed_as_soon_as_the_till_says_ready_sign_in_and_sell(tmp_path: Path) -> None:
    require_tools()
    data_dir = tmp_path / "demo"
    save_settings(data_dir / "settings.json",
                  Settings(language="en", printer_url="virtual:e2e-start",
                           scanner=ScannerSettings(max_gap_ms=80)))
    build(data_dir, demo=True).engine.dispose()
    ready = tmp_path / "ready"
    x = XServer()
    env = dict(x.env(), SHOPFLOOR_READY_FILE=str(ready))
    log = (tmp_path / "app.log").open("w")
    app = subprocess.Popen([sys.executable, "-m", "pos_app.cli", "--demo", "--data-dir",
                            str(data_dir), "--lang", "en"], env=env, stdout=log,
                           stderr=subprocess.STDOUT)
    try:
        wait_for(lambda: ready.exists() and ready.read_text(), timeout=90, what="ready")
        line = json.loads(ready.read_text().splitlines()[0])
        assert line["focus"] == "staffCode" and line["pid"] == app.pid
        window = x.window_titled("^Shopfloor POS$", timeout=10)
        x.xdotool("windowfocus", "--sync", window)
        x.human("1001")  # straight away: no click, the field already has the keys
        x.key("Return")
        x.human("1111")
        x.key("Return")
        x.window_titled("^Open shift$", timeout=30)
        x.key("Return")
        db = data_dir / "terminal.db"
        wait_for(lambda: _rows(db, "SELECT count(*) FROM shift WHERE closed_at IS NULL")[0][0],
                 what="the shift to open")
        x.scan(COLA)
        wait_for(lambda: _rows(db, "SELECT line_count FROM parked_cart WHERE kind = 'open'"),
                 timeout=30, what="the scanned line kept with the open cart")
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
