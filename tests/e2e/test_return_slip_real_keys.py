"""A return with its slip in the real app on a real X server (1366×768), by real X key
events: a cashier sells three colas, scans the receipt's QR (the return opens), types 2 on
the line, Tab, Enter: the return is written and its slip reaches the printer (a file:// printer
here, so this test reads the very bytes the app sent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from devices.printer.virtual import render_text
from pos_app.app import build
from pos_app.i18n import gettext_in
from pos_app.services.settings import ScannerSettings, Settings, save_settings
from tests.e2e.test_real_keys import app, x  # noqa: F401  (fixtures)
from tests.e2e.till_steps import open_shift, rows
from tests.e2e.xserver import XServer, wait_for

pytestmark = pytest.mark.timeout(300)
COLA = "6901234567892"


@pytest.fixture
def store(tmp_path: Path) -> tuple[Path, str]:
    """The demo store, in English, printing to a file (the app is another process)."""
    data_dir = tmp_path / "demo"
    save_settings(data_dir / "settings.json",
                  Settings(language="en", printer_url=f"file://{tmp_path / 'printer.bin'}",
                           scanner=ScannerSettings(max_gap_ms=80)))
    build(data_dir, demo=True).engine.dispose()
    return data_dir, ""


def test_a_cashier_returns_by_receipt_number_and_the_slip_prints(
        x: XServer, app, store, tmp_path: Path):  # noqa: F811
    data_dir, _ = store
    db = data_dir / "terminal.db"
    printer = tmp_path / "printer.bin"
    open_shift(x, db)
    x.human("3*")
    x.scan(COLA)
    x.key("F12")
    x.window_titled("^Payment$|^Pay", timeout=30)
    x.key("Return")  # the amount due, in cash
    receipt = wait_for(lambda: rows(db, "SELECT receipt_no FROM sale"), timeout=30,
                       what="the sale to be written")[0][0]
    wait_for(lambda: printer.exists() and receipt.encode() in printer.read_bytes(),
             what="the receipt to print")

    sale_id = rows(db, "SELECT id FROM sale")[0][0]
    x.scan(f"SFR:{sale_id}")  # the receipt's QR, scanned at the sale field, opens the return
    dialog = x.window_titled("^Return items$", timeout=30)
    # mapped is not yet focused: the keys wait until the dialog has the keyboard
    wait_for(lambda: x.xdotool("getwindowfocus") == dialog, what="the return dialog's focus")
    x.key("2")  # two of the three colas (a digit sets the quantity and ticks the line)
    x.screenshot(tmp_path / "return-picked.png")
    x.key("Tab")
    x.key("Return")  # Refund (to the cash it was paid with)
    back = wait_for(lambda: rows(db, "SELECT return_no, refund_total, receipt_no FROM "
                                 "sale_return"), timeout=30, what="the return")[0]
    assert back[1:] == (700, receipt)
    wait_for(lambda: back[0].encode() in printer.read_bytes(), timeout=30,
             what="the return slip to print")
    printed = render_text(printer.read_bytes(), Settings().printer_columns)
    title = gettext_in("zh_CN", "Return slip")  # the store's receipt language (the default)
    assert title != "Return slip"
    start = next(i for i, line in enumerate(printed) if line.strip() == title)
    slip = printed[start:]  # the slip's own lines, after the sale's receipt
    assert any(back[0] in line for line in slip[:6])  # its return number under the title
    assert any(receipt in line for line in slip[:6])  # the original receipt named on it
    x.screenshot(tmp_path / "return-done.png")
    assert app.poll() is None, "the app died"
