"""The manager's KPI dashboard in the real app on a real X server (1366×768), by real X key
events: the manager signs in, opens the dashboard with Ctrl+K, changes the period with the
arrow keys, and the month's figures show — exported with Ctrl+S to the file the save dialog
offers, and read back. Once the dashboard closes, the keys are the sale screen's again with
no click (tester 20 #7): a scanned code lands in the sale and F12 pays it."""

from __future__ import annotations

import subprocess
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from pos_app.app import build
from pos_app.services.settings import ScannerSettings, Settings, save_settings
from tests.e2e.till_steps import rows, running_app, sign_in, x  # noqa: F401 - x: a fixture
from tests.e2e.xserver import XServer, wait_for
from tests.ui.kpis.shop import seed_selling

COLA = "6901234567892"  # ¥3.50 in the demo catalog
pytestmark = pytest.mark.timeout(300)


@pytest.fixture
def selling_store(tmp_path: Path) -> Path:
    data_dir = tmp_path / "demo"
    save_settings(data_dir / "settings.json",
                  Settings(language="en", printer_url="virtual:e2e",
                           scanner=ScannerSettings(max_gap_ms=80)))
    container = build(data_dir, demo=True)
    seed_selling(container.engine, container.till.terminal)
    container.engine.dispose()
    return data_dir


@pytest.fixture
def app(x: XServer, selling_store: Path, tmp_path: Path):  # noqa: F811 - x: the fixture
    home = tmp_path / "home"  # where the save dialog opens
    home.mkdir()
    with running_app(x, selling_store, tmp_path / "app.log", "--demo",
                     env=dict(x.env(), HOME=str(home))) as process:
        yield process, home


def test_a_manager_opens_the_dashboard_by_its_key_and_changes_the_period(
        x: XServer, app, selling_store: Path, tmp_path: Path):  # noqa: F811 - x: the fixture
    process, home = app
    db = selling_store / "terminal.db"
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    sign_in(x, db, "9001", "9999", what="the manager's sign-in")
    x.key("ctrl+k")
    x.window_titled(f"^Guide KPIs.*{today.isoformat()}$", timeout=30)  # today's figures
    x.key("Down", "Down")  # today → this week → this month
    x.window_titled(f"^Guide KPIs.*{today:%Y-%m}$", timeout=30)
    x.screenshot(tmp_path / "dashboard-month.png")

    x.key("ctrl+s")
    x.window_titled("^Export the figures$", timeout=30)
    x.key("Return")  # the name offered: kpis-<store>-<month>.csv in the home folder
    exported = home / f"kpis-S01-{today:%Y-%m}.csv"
    wait_for(exported.exists, timeout=30, what="the CSV export")
    wait_for(lambda: exported.read_bytes().endswith(b"\r\n"), what="the whole file")
    lines = exported.read_bytes().decode("utf-8-sig").splitlines()
    assert lines[0] == f"Period,{today:%Y-%m}"
    cells = {line.split(",")[0]: line.split(",") for line in lines[2:]}
    assert cells["王芳"][1:3] == ["10.50", "1"]  # her sale 40 days back is not this month's
    assert cells["李雷"][1:3] == ["3.50", "1"]
    assert cells["No guide"][1:3] == ["7.00", "1"]
    x.key("Escape")
    assert process.poll() is None, "the app died"

    # no click: the scanner's keys and F12 reach the sale screen at once
    wait_for(lambda: subprocess.run(["xdotool", "search", "--onlyvisible", "--name",
                                     "^Guide KPIs"], env=x.env(),
                                    capture_output=True).returncode != 0,
             what="the dashboard to close")
    sales = rows(db, "SELECT count(*) FROM sale")[0][0]
    x.scan(COLA)
    x.key("F12")
    x.window_titled("^Payment$|^Pay", timeout=30)
    x.key("Return")  # the amount due, in cash
    wait_for(lambda: rows(db, "SELECT count(*) FROM sale")[0][0] == sales + 1,
             what="the scanned sale to be written")
    assert rows(db, "SELECT total FROM sale ORDER BY rowid DESC LIMIT 1") == [(350,)]
