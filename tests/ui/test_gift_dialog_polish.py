"""The gift screen after a hand-over (issue 17 polish): the outcome is said once (the
message bar), the member and gift just handed over are no longer shown while it asks for the
next coupon, and step 1 sits at the top of the screen with no empty band above it."""

from __future__ import annotations

from devices.printer.virtual import get_virtual_printer
from pos_app.services.demo_coupon import demo_gift_code
from tests.ui.conftest import wait_until
from tests.ui.test_gift_redemption_ui import GIFT_UNIT
from tests.ui.test_sale_flow import sign_in_by_keyboard
from ui.coupons.gift_dialog import GiftRedemptionDialog


def test_after_a_hand_over_the_screen_is_back_at_step_one_said_once(make_window, qtbot,
                                                                     printer_name):
    window, _container = make_window()
    printer = get_virtual_printer(printer_name)
    sign_in_by_keyboard(window, "2001", "2222")  # 王芳, guide
    dialog = GiftRedemptionDialog(window.till)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_until(lambda: dialog.isVisible())
    assert dialog.step.geometry().top() < dialog.code_edit.geometry().top() < (
        dialog.message.geometry().top())
    assert dialog.step.geometry().top() < 30  # no band above step 1
    step_one = dialog.step.text()
    dialog.handle_scan(demo_gift_code())
    assert dialog.member.text() == "138****8000"
    jobs = len(printer.jobs)
    dialog.handle_scan(GIFT_UNIT)
    wait_until(lambda: dialog.redeemed is not None and len(printer.jobs) > jobs,
               timeout_ms=10_000)
    wait_until(lambda: "printed" in dialog.message.text())
    slip = dialog.redeemed.slip.slip_no
    assert slip in dialog.message.text()
    assert dialog.step.text() == step_one and slip not in dialog.step.text()  # said once
    assert {f.text() for f in (dialog.member, dialog.gift, dialog.unit)} == {"—"}
