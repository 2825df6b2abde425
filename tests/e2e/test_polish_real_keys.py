"""`shopfloor --demo` on a new data dir, driven by real X keys under Xvfb at 1366x768: the
demo comes with its past month (30 Zs), F4 asks the quantity in the till's own dialog, and
at F12 the quick-cash keys work for cash only (WeChat Pay chosen, F9 hands over nothing)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pos_app.services.settings import ScannerSettings, Settings, save_settings
from tests.e2e.till_steps import open_shift, rows, running_app, x  # noqa: F401 - x: a fixture
from tests.e2e.xserver import XServer, wait_for

COLA = "6901234567892"  # ¥3.50

pytestmark = pytest.mark.timeout(300)


def test_the_new_demo_f4_quantity_and_quick_cash_for_cash_only(
        x: XServer, tmp_path: Path):  # noqa: F811 - x: the fixture
    data_dir = tmp_path / "demo"  # nothing in it yet: the README's first command seeds it
    save_settings(data_dir / "settings.json",
                  Settings(language="en", printer_url="virtual:e2e-polish",
                           scanner=ScannerSettings(max_gap_ms=80)))
    db = data_dir / "terminal.db"
    with running_app(x, data_dir, tmp_path / "app.log", "--demo") as process:
        assert rows(db, "SELECT count(*) FROM z_report") == [(30,)]  # the past month
        open_shift(x, db)
        x.scan(COLA)
        x.key("F4")
        x.window_titled("^Quantity$", timeout=30)
        x.human("3")
        x.screenshot(tmp_path / "quantity.png")
        x.key("Return")
        x.key("F12")
        x.window_titled("^Payment$", timeout=30)
        x.key("F3")  # WeChat Pay: no notes handed over, F9 does nothing
        x.key("F9")
        x.screenshot(tmp_path / "pay-wechat.png")
        x.key("F1")  # cash: ¥100 with one key
        x.key("F9")
        sale = wait_for(lambda: rows(
            db, "SELECT s.id, s.total FROM sale s WHERE s.shift_id IN"
            " (SELECT id FROM shift WHERE closed_at IS NULL)"), timeout=30,
            what="the sale to be written")[0]
        assert sale[1] == 3 * 350
        assert rows(db, "SELECT quantity FROM sale_line WHERE sale_id = ?", sale[0]) == [(3,)]
        assert rows(db, "SELECT kind, amount FROM tender WHERE sale_id = ?", sale[0]) == [
            ("cash", 10000)]
        assert process.poll() is None, "the app died"
