"""Overrides and the inactivity lock in the real app on a real X server (issue 18): real X
key events (xdotool) into the `shopfloor` process. A cashier's line discount past the limit
is approved in the one prompt by the manager's code + PIN (the PIN typed at scanner speed,
which the wedge must leave to the PIN field), the cashier staying signed in;
left idle, the till locks over the sale, a scan while locked rings nothing up, and the
cashier's PIN opens it with the sale as it was."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pos_app.app import build
from pos_app.services.settings import ScannerSettings, Settings, save_settings
from tests.e2e.till_steps import open_shift, rows, running_app, x  # noqa: F401 - x: a fixture
from tests.e2e.xserver import XServer, wait_for

COLA = "6901234567892"  # ¥3.50 in the demo catalog
LOCK_AFTER_S = 8

pytestmark = pytest.mark.timeout(300)


@pytest.fixture
def app(x: XServer, tmp_path: Path):  # noqa: F811 - x: the fixture
    data_dir = tmp_path / "demo"
    save_settings(data_dir / "settings.json",
                  Settings(language="en", printer_url="virtual:e2e-overrides",
                           scanner=ScannerSettings(max_gap_ms=80),
                           lock_after_minutes=LOCK_AFTER_S / 60))
    build(data_dir, demo=True).engine.dispose()
    with running_app(x, data_dir, tmp_path / "app.log", "--demo") as process:
        yield process, data_dir / "terminal.db"


def _audit(db: Path, action: str) -> list[dict]:
    return [json.loads(d) for (d,) in rows(
        db, "SELECT detail FROM audit_log WHERE action = ? ORDER BY seq", action)]


def test_an_over_limit_discount_approved_by_code_and_pin_then_an_idle_lock_opened_by_pin(
        x: XServer, app, tmp_path: Path):  # noqa: F811 - x: the fixture
    process, db = app
    open_shift(x, db)
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
    x.scan("9999")  # a quick hand: the PIN at scanner speed stays the PIN (20-L2, tester)
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
    sale = wait_for(lambda: rows(db, this_shift), timeout=30, what="the sale to be written")[0]
    assert sale[1] == 250  # the approved discount, one can: the locked scan rang nothing
    assert rows(db, "SELECT quantity FROM sale_line WHERE sale_id = ?", sale[0]) == [(1,)]
    assert rows(db, "SELECT code FROM staff WHERE id = ?", sale[2]) == [("1001",)]
    assert process.poll() is None, "the app died"
