"""The guide's gift redemption on the real till window, fed by a USB HID scanner's key
events: the demo's gift coupon scanned at the sale field opens the gift screen on it, the
gift unit's code hands the gift over; the rows and the gift slip's ESC/POS bytes (GB18030)
are checked. Ctrl+G opens the same screen; a wrong unit is refused and writes nothing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from devices.printer.virtual import get_virtual_printer
from pos_app.services.demo_coupon import DEMO_COUPON_ID, DEMO_MEMBER_ID, demo_gift_code
from tests.ui.conftest import db_rows, on_modal_of, press, wait_until
from tests.ui.test_sale_flow import sign_in_by_keyboard
from tests.ui.test_scanner_at_the_till import hid_scan
from ui.coupons.gift_dialog import GiftRedemptionDialog

GIFT_UNIT = "(01)06966772000102(21)DEMO002"  # 运动手环 黑色, in the demo's stock
OTHER_UNIT = "(01)06966014000105(21)DEMO001"  # 蓝牙耳机 白色: not this coupon's gift
TABLES = ("coupon_redemption", "outbox_event", "unit_event", "audit_log")


def _counts(db) -> dict[str, int]:
    counts = {t: db_rows(db, f"SELECT count(*) FROM {t}")[0][0] for t in TABLES}
    counts["gifted"] = db_rows(db, "SELECT count(*) FROM unit WHERE state = 'gifted'")[0][0]
    return counts


def _in_gift_dialog(steps) -> dict:
    """Run `steps(dialog)` once the gift screen is up (it opens modal, from inside the scan
    that asked for it), then close it with Esc whatever happened; the outcome is returned
    for the test to assert outside the dialog's event loop."""
    seen: dict = {}

    def run(dialog) -> None:
        try:
            steps(dialog, seen)
        except BaseException as exc:  # asserted after the dialog has closed
            seen["error"] = exc
        finally:
            seen["closed"] = True
            QTimer.singleShot(0, lambda: press(dialog, Qt.Key.Key_Escape))

    on_modal_of(GiftRedemptionDialog, run)
    return seen


def _walk_the_guide_flow(db, printer):
    def steps(dialog, seen) -> None:
        wait_until(lambda: dialog.coupon is not None)
        seen["member"], seen["gift"] = dialog.member.text(), dialog.gift.text()
        before = _counts(db)
        hid_scan(OTHER_UNIT)  # the wrong gift: said, nothing written
        wait_until(lambda: "not this coupon's gift" in dialog.message.text())
        seen["wrong_unit_wrote"] = _counts(db) != before
        jobs = len(printer.jobs)
        hid_scan(GIFT_UNIT)
        wait_until(lambda: dialog.redeemed is not None and len(printer.jobs) > jobs,
                   timeout_ms=10_000)
        after = _counts(db)
        seen["written"] = {t: after[t] - before[t] for t in after}
        seen["slip"] = printer.jobs[-1]
        before = _counts(db)
        hid_scan(demo_gift_code())  # the same coupon again: redeemed here already
        wait_until(lambda: "already redeemed on this till" in dialog.message.text())
        seen["again_wrote"] = _counts(db) != before

    return steps


def test_a_guide_redeems_the_demo_gift_coupon_by_scanner(make_window, printer_name):
    window, container = make_window()
    db = container.data_dir / "terminal.db"
    printer = get_virtual_printer(printer_name)
    sign_in_by_keyboard(window, "2001", "2222")  # 王芳, guide
    seen = _in_gift_dialog(_walk_the_guide_flow(db, printer))
    hid_scan(demo_gift_code())  # at the sale field: the gift screen opens on it
    wait_until(lambda: seen.get("closed"), timeout_ms=30_000)
    if "error" in seen:
        raise seen["error"]
    assert (seen["member"], seen["wrong_unit_wrote"], seen["again_wrote"]) == (
        "138****8000", False, False)
    assert "Fitness Band Black" in seen["gift"]  # an English screen; the slip stays Chinese
    assert seen["written"] == {
        "coupon_redemption": 1, "outbox_event": 1, "unit_event": 1, "audit_log": 1,
        "gifted": 1}
    guide_id = db_rows(db, "SELECT id FROM staff WHERE code = '2001'")[0][0]
    assert db_rows(db, "SELECT coupon_id, member_id, staff_id, unit_key, mode"
                       " FROM coupon_redemption") == [
        (DEMO_COUPON_ID, DEMO_MEMBER_ID, guide_id, "06966772000102:DEMO002", "offline")]
    assert db_rows(db, "SELECT state, guide_id FROM unit WHERE unit_key ="
                       " '06966772000102:DEMO002'") == [("gifted", guide_id)]
    for text in ("运动手环", "138****8000", "06966772000102:DEMO002", "王芳", "赠品"):
        assert text.encode("gb18030") in seen["slip"], text
    assert b"SFG:" in seen["slip"]  # the redemption's QR
    wait_until(lambda: QApplication.focusWidget() is window.sale.scan_edit)


@pytest.mark.parametrize(("staff", "pin", "manager"), [("1001", "1111", False),
                                                      ("9001", "9999", True)])
def test_ctrl_g_opens_the_gift_screen_from_the_sale(make_window, staff, pin, manager):
    window, _container = make_window()
    sign_in_by_keyboard(window, staff, pin)
    seen = _in_gift_dialog(lambda dialog, seen: seen.update(
        coupon=dialog.coupon, recon=dialog.recon_button.isVisibleTo(dialog)))
    QTest.keyClick(window.sale.scan_edit, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    wait_until(lambda: seen.get("closed"))
    assert "error" not in seen and seen["coupon"] is None
    assert seen["recon"] is manager  # HQ's coupon reconciliation: managers only
    wait_until(lambda: QApplication.focusWidget() is window.sale.scan_edit)
