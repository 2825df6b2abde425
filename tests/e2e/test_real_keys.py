"""The real app on a real X server, driven by real X key events at scanner speed.

The scanner bug this guards against was invisible to every test that sent Qt events: a USB
wedge sends a Shift press for every capital and symbol, and the reader split the code at
each one. Here xdotool types exactly that way (XTest), into the `shopfloor` process itself.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pos_app.app import build
from pos_app.services.members import MemberService
from pos_app.services.settings import ScannerSettings, Settings, save_settings
from tests.e2e.till_steps import open_shift, rows, running_app, x  # noqa: F401 - x: a fixture
from tests.e2e.xserver import XServer, wait_for

UNIT = "(01)06966014000105(21)DEMO001"
COLA = "6901234567892"  # ¥3.50 in the demo catalog

pytestmark = pytest.mark.timeout(300)
_rows = rows  # the name other e2e modules import it by


@pytest.fixture
def store(tmp_path: Path) -> tuple[Path, str]:
    """A seeded demo store with one member, in English, printing to the virtual printer."""
    data_dir = tmp_path / "demo"
    # xdotool is a process on a shared CI machine, not a scanner's microcontroller: give
    # its bursts 80 ms of slack (a person's keys here come 250 ms apart). The default
    # 35 ms is held to exact timings by tests/devices/scanner.
    save_settings(data_dir / "settings.json",
                  Settings(language="en", printer_url="virtual:e2e",
                           scanner=ScannerSettings(max_gap_ms=80)))
    container = build(data_dir, demo=True)
    manager = next(s for s in container.till.staff_list() if s.is_manager)
    member = MemberService(container.engine, container.till.terminal).enroll(
        "陈静", "13812345678", manager, consent=True)
    container.engine.dispose()
    return data_dir, member.id


@pytest.fixture
def app(x: XServer, store, tmp_path: Path):  # noqa: F811 - x: the fixture
    data_dir, _member = store
    with running_app(x, data_dir, tmp_path / "app.log", "--demo") as process:
        yield process


def test_a_cashier_sells_by_real_scanner_keys_and_opens_a_return_by_receipt_qr(
        x: XServer, app, store, tmp_path: Path):  # noqa: F811 - x: the fixture
    data_dir, member_id = store
    db = data_dir / "terminal.db"
    open_shift(x, db)

    x.scan(UNIT)  # capitals and parentheses: a Shift press around each
    x.scan(f"SFM:{member_id.upper()}")  # the member's code, as printed on the card
    x.human("3*")
    x.scan(COLA)
    x.screenshot(tmp_path / "cart.png")
    x.key("F12")
    x.window_titled("^Payment$|^Pay", timeout=30)
    x.key("Return")  # the amount due, in cash
    sale = wait_for(lambda: rows(db, "SELECT id, member_id, total FROM sale"), timeout=30,
                    what="the sale to be written")[0]
    sale_id, sale_member, total = sale
    assert sale_member == member_id
    assert total == 29900 + 3 * 350
    lines = rows(db, "SELECT unit_code, quantity FROM sale_line WHERE sale_id = ?"
                 " ORDER BY unit_code IS NULL", sale_id)
    assert lines == [("06966014000105:DEMO001", 1), (None, 3)]
    assert rows(db, "SELECT state FROM unit WHERE unit_key = ?",
                "06966014000105:DEMO001") == [("sold",)]

    x.scan(f"SFR:{sale_id}")  # the receipt's QR code opens the return
    x.window_titled("^Return items$", timeout=30)
    x.screenshot(tmp_path / "return.png")
    x.key("Escape")
    assert app.poll() is None, "the app died"
