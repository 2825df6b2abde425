"""Overrides and the inactivity lock in the real app on a real X server (issue 18): real X
key events (xdotool) into the `shopfloor` process. A cashier's line discount past the limit
is approved in the one prompt by the manager's code + PIN, the cashier staying signed in;
left idle, the till locks over the sale, a scan while locked rings nothing up, and the
cashier's PIN opens it with the sale as it was."""

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

COLA = "6901234567892"  # ¥3.50 in the demo catalog
LOCK_AFTER_S = 8

pytestmark = pytest.mark.timeout(300)


def _rows(db: Path, sql: str, *params: object) -> list[tuple]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10) as conn:
        return conn.execute(sql, params).fetchall()


@pytest.fixture
def x(tmp_path: Path):
    require_tools()
    server = XServer()
    yield server
    server.screenshot(tmp_path / "last-screen.png")
    server.stop()


@pytest.fixture
def app(x: XServer, tmp_path: Path):
    data_dir = tmp_path / "demo"
    save_settings(data_dir / "settings.json",
                  Settings(language="en", printer_url="virtual:e2e-overrides",
                           scanner=ScannerSettings(max_gap_ms=80),
                           lock_after_minutes=LOCK_AFTER_S / 60))
    build(data_dir, demo=True).engine.dispose()
    exe = Path(sys.executable).with_name("shopfloor")
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "pos_app.cli"]
    log = (tmp_path / "app.log").open("w")
    process = subprocess.Popen([*command, "--demo", "--data-dir", str(data_dir), "--lang", "en"],
                               env=x.env(), stdout=log, stderr=subprocess.STDOUT)
    try:
        window = x.window_titled("^Shopfloor POS$", timeout=90)
        x.xdotool("windowfocus", "--sync", window)
        yield process, data_dir / "terminal.db"
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _audit(db: Path, action: str) -> list[dict]:
    return [json.loads(d) for (d,) in _rows(
        db, "SELECT detail FROM audit_log WHERE action = ? ORDER BY seq", action)]


def test_an_over_limit_discount_approved_by_code_and_pin_then_an_idle_lock_opened_by_pin(
        x: XServer, app, tmp_path: Path):
    process, db = app
    x.human("1001")
    x.key("Return")
    x.human("1111")
    x.key("Return")
    x.window_titled("^Open shift$")
    x.key("Return")  # the float offered
    wait_for(lambda: _rows(db, "SELECT count(*) FROM shift WHERE closed_at IS NULL")[0][0],
             what="the shift to open")
    x.scan(COLA)

    x.key("ctrl+F3")  # line discount: ¥1.00 of ¥3.50 is past the 10 % limit
    x.window_titled("^Line discount$", timeout=30)
    x.human("1.00")
    x.key("Return")
    x.human("dent")
    x.key("Return")
    x.window_titled("^Manager approval$", timeout=30)
    x.screenshot(tmp_path / "approval.png")
    x.human("9001")
    x.key("Return")
    x.human("9999")
    x.key("Return")
    approval = wait_for(lambda: _audit(db, "approval"), what="the approval row")[0]
    assert approval["approved"] == "discount_over_limit"
    assert (approval["before"], approval["after"], approval["note"]) == (350, 250, "dent")

    wait_for(lambda: _audit(db, "screen_locked"), timeout=LOCK_AFTER_S + 20,
             what="the idle lock")
    x.screenshot(tmp_path / "locked.png")
    x.scan(COLA)  # refused while locked
    x.human("1111")
    x.key("Return")
    unlocked = wait_for(lambda: _audit(db, "screen_unlocked"), what="the unlock")[0]
    assert unlocked["method"] == "pin"

    x.key("F12")
    x.window_titled("^Payment$|^Pay", timeout=30)
    x.key("Return")  # the amount due, in cash
    this_shift = ("SELECT id, total, cashier_id FROM sale WHERE shift_id IN"
                  " (SELECT id FROM shift WHERE closed_at IS NULL)")  # not a demo's past
    sale = wait_for(lambda: _rows(db, this_shift), timeout=30, what="the sale to be written")[0]
    assert sale[1] == 250  # the approved discount, one can: the locked scan rang nothing
    assert _rows(db, "SELECT quantity FROM sale_line WHERE sale_id = ?", sale[0]) == [(1,)]
    assert _rows(db, "SELECT code FROM staff WHERE id = ?", sale[2]) == [("1001",)]
    assert process.poll() is None, "the app died"
