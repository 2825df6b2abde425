"""The coupon banner follows the cart (finding 24-5): 3 teas with a 满10减5 coupon, F4 down
to 1 tea (¥5.50): the discount goes and the banner says the coupon needs ¥10.00, ¥4.50 to
go, not "¥5.00 off"; F4 back to 2 teas (¥11.00) and it says ¥5.00 off again. Real window,
real scanner key events, the real F4 dialog driven by keys."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt

from pos_app.domain.coupons import CouponPayload, sign
from pos_app.services.demo_catalog import TEA_JASMINE_BARCODE
from pos_app.services.demo_coupon import DEMO_KEY_ID, DEMO_MEMBER_ID, DEMO_PRIVATE_KEY
from tests.ui.conftest import wait_until
from tests.ui.keyboard import focused, key, keys, press_and_drive
from tests.ui.test_sale_flow import scan_with_wedge, sign_in_by_keyboard
from tests.ui.test_scanner_at_the_till import hid_scan


def ten_off_five() -> str:
    now = datetime.now(UTC)
    return sign(CouponPayload.make(
        key_id=DEMO_KEY_ID, coupon_id=str(uuid.uuid4()), campaign_id="demo-sale",
        member_id=DEMO_MEMBER_ID, kind="amount_off", value=500, min_spend=1000,
        valid_from=now - timedelta(days=1), valid_until=now + timedelta(days=9)),
        DEMO_PRIVATE_KEY)


def _quantity(window, typed: str) -> None:
    def type_it(dialog) -> None:
        focused(lambda: dialog.edit)()
        keys(typed)
        key(Qt.Key.Key_Return)

    press_and_drive(Qt.Key.Key_F4, type_it)
    wait_until(lambda: window.till.cart.lines[0].quantity == int(typed))


def test_the_banner_says_when_the_coupon_stops_and_starts_applying(make_window):
    window, _container = make_window()
    sign_in_by_keyboard(window)
    scan_with_wedge(f"3*{TEA_JASMINE_BARCODE}")
    wait_until(lambda: window.till.cart.lines and window.till.cart.lines[0].quantity == 3)
    hid_scan(ten_off_five())
    wait_until(lambda: window.till.sale.coupon_ids())
    bar = window.sale.message
    assert "Coupon applied: ¥5.00 off" in bar.text()
    _quantity(window, "1")
    assert window.till.sale.totals().total == 550
    assert "¥5.00 off" not in bar.text()
    assert "needs a spend of ¥10.00, ¥4.50 to go" in bar.text()
    _quantity(window, "2")
    assert window.till.sale.totals().total == 600
    assert "Coupon applied: ¥5.00 off" in bar.text()
