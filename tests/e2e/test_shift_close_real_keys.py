"""A shift from start to Z in the real app on a real X server (1366×768), by real X key
events: sign in, cash in, sell, close the shift with a count by denomination (a manager
confirms the events still queued for HQ), the Z printed, signed out."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from devices.printer.virtual import render_text
from pos_app.app import build
from pos_app.services.settings import ScannerSettings, Settings, save_settings
from tests.e2e.test_real_keys import COLA, _rows
from tests.e2e.xserver import XServer, require_tools, wait_for

pytestmark = pytest.mark.timeout(300)


@pytest.fixture
def shop(tmp_path: Path) -> tuple[Path, Path]:
    """The demo store in English, printing to a capture file the test reads back."""
    data_dir, paper = tmp_path / "demo", tmp_path / "printer.bin"
    save_settings(data_dir / "settings.json",
                  Settings(language="en", receipt_language="en", printer_url=f"file://{paper}",
                           scanner=ScannerSettings(max_gap_ms=80)))
    build(data_dir, demo=True).engine.dispose()
    return data_dir, paper


@pytest.fixture
def running(shop, tmp_path: Path):
    require_tools()
    x = XServer()
    data_dir, _paper = shop
    log = (tmp_path / "app.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "pos_app.cli", "--demo", "--data-dir", str(data_dir),
         "--lang", "en"], env=x.env(), stdout=log, stderr=subprocess.STDOUT)
    try:
        x.xdotool("windowfocus", "--sync", x.window_titled("^Shopfloor POS$", timeout=90))
        yield x, process
    finally:
        x.screenshot(tmp_path / "last-screen.png")
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
        x.stop()


def _z_printed(paper: Path) -> str:
    """The paper's text once a Z is on it, else ''."""
    text = "\n".join(render_text(paper.read_bytes(), 48)) if paper.exists() else ""
    return text if "Z report" in text else ""


def test_a_cashier_closes_the_shift_by_real_keys_and_the_z_prints(running, shop,
                                                                   tmp_path: Path):
    x, process = running
    data_dir, paper = shop
    db = data_dir / "terminal.db"
    x.human("1001")  # 李娜, cashier
    x.key("Return")
    x.human("1111")
    x.key("Return")
    x.window_titled("^Open shift$")
    x.key("Return")  # the ¥200.00 float
    wait_for(lambda: _rows(db, "SELECT count(*) FROM shift WHERE closed_at IS NULL")[0][0],
             what="the shift to open")

    x.key("ctrl+i")  # cash in ¥100, float top-up
    x.window_titled("^Cash in / out$")
    x.human("100")
    x.key("Return", "Return")
    wait_for(lambda: _rows(db, "SELECT amount FROM cash_move"), what="the cash in")

    x.scan(COLA)  # ¥3.50, paid in cash
    x.key("F12")
    x.window_titled("^Payment$")
    x.key("Return")
    wait_for(lambda: _rows(db, "SELECT count(*) FROM sale")[0][0], what="the sale")
    x.key("Return")  # the change shown goes away

    x.key("ctrl+shift+z")  # ¥303.50 in the drawer: 3 × ¥100, 3 × ¥1, 1 × 5 jiao
    x.window_titled("^Close shift$")
    for pieces in ("3", "", "", "", "", "3", "1"):
        if pieces:
            x.human(pieces)
        x.key("Return")
    x.screenshot(tmp_path / "z-counted.png")
    x.key("Return")  # Enter in the last field closes: a manager confirms the queue
    x.window_titled("^Manager approval$")
    x.human("9001")
    x.key("Return")
    x.human("9999")
    x.key("Return")

    wait_for(lambda: _rows(db, "SELECT z_no FROM z_report"), what="the Z to be stored")
    text = wait_for(lambda: _z_printed(paper), what="the Z printed")
    assert "000001" in text and "¥303.50" in text.replace("￥", "¥")
    assert "¥100 x 3" in text.replace("￥", "¥") and "Events waiting for HQ" in text
    assert _rows(db, "SELECT count(*) FROM shift WHERE closed_at IS NULL") == [(0,)]
    x.screenshot(tmp_path / "signed-out.png")
    x.human("9001")  # the next person signs in at once, by keys alone: a new shift
    x.key("Return")
    x.human("9999")
    x.key("Return")
    x.window_titled("^Open shift$")
    assert process.poll() is None, "the app died"
