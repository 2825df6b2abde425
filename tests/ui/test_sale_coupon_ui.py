"""A discount coupon on the real sale screen, by HID scanner key events: scanned after a
product it is priced in (its member joins the sale), the message bar says what it took off,
Ctrl+Shift+C takes it off again before payment (nothing written)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from pos_app.domain.coupons import CouponPayload, sign
from pos_app.services.demo_coupon import DEMO_KEY_ID, DEMO_MEMBER_ID, DEMO_PRIVATE_KEY
from tests.ui.conftest import db_rows, wait_until
from tests.ui.test_sale_flow import sign_in_by_keyboard
from tests.ui.test_scanner_at_the_till import hid_scan

EARBUDS = "(01)06966014000105(21)DEMO001"


def discount_code(value: int = 2000) -> str:
    now = datetime.now(UTC)
    return sign(CouponPayload.make(
        key_id=DEMO_KEY_ID, coupon_id=str(uuid.uuid4()), campaign_id="demo-sale",
        member_id=DEMO_MEMBER_ID, kind="amount_off", value=value, min_spend=0,
        valid_from=now - timedelta(days=1), valid_until=now + timedelta(days=9)),
        DEMO_PRIVATE_KEY)


def test_a_scanned_discount_coupon_is_applied_shown_and_removed(make_window):
    window, container = make_window()
    db = container.data_dir / "terminal.db"
    sign_in_by_keyboard(window)
    hid_scan(EARBUDS)
    wait_until(lambda: not window.till.sale.is_empty)
    before = window.till.sale.totals().total
    hid_scan(discount_code())
    wait_until(lambda: window.till.sale.coupon_ids())
    assert window.till.sale.totals().total == before - 2000
    assert window.till.sale.cart.member_id == DEMO_MEMBER_ID
    assert "Coupon applied" in window.sale.message.text()
    assert "Ctrl+Shift+C" in window.sale.message.text()
    QTest.keyClick(window.sale.scan_edit, Qt.Key.Key_C,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    wait_until(lambda: not window.till.sale.coupon_ids())
    assert window.till.sale.totals().total == before
    assert "Coupon removed" in window.sale.message.text()
    assert db_rows(db, "SELECT count(*) FROM coupon_redemption") == [(0,)]


def test_a_coupon_sale_is_paid_off_the_gui_thread(make_window, qtbot):
    from pos_app.domain.tenders import Tender, TenderKind
    from ui.dialogs.pay import PayDialog

    window, container = make_window()
    db = container.data_dir / "terminal.db"
    sign_in_by_keyboard(window)
    hid_scan(EARBUDS)
    wait_until(lambda: not window.till.sale.is_empty)
    hid_scan(discount_code())
    wait_until(lambda: window.till.sale.coupon_ids())
    dialog = PayDialog(window.till)
    qtbot.addWidget(dialog)
    dialog.tenders = [Tender(TenderKind.CASH, window.till.sale.totals().total)]
    dialog.finish(added=False)
    assert "Redeeming the coupon" in dialog.message.text()
    wait_until(lambda: dialog.completed is not None, timeout_ms=10_000)
    assert db_rows(db, "SELECT sale_id FROM coupon_redemption") == [(dialog.completed.sale_id,)]
