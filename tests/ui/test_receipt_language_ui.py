"""The store's receipt language: a manager sets it, a cashier cannot, and a cashier's
screen language never changes what customers read on paper."""

from __future__ import annotations

from devices.printer.virtual import get_virtual_printer
from pos_app import i18n
from tests.ui.conftest import wait_until
from tests.ui.test_member_days_ui import open_settings
from tests.ui.test_sale_flow import (
    COLA,
    pay_exact_cash_with_keys,
    scan_with_wedge,
    sign_in_by_keyboard,
)


def sell_a_cola(window, printer_name: str) -> bytes:
    printer = get_virtual_printer(printer_name)
    before = len(printer.jobs)
    scan_with_wedge(COLA)
    wait_until(lambda: len(window.till.cart.lines) == 1)
    pay_exact_cash_with_keys(window)
    wait_until(lambda: len(printer.jobs) == before + 1)
    return printer.jobs[-1]


def test_an_english_screen_prints_the_stores_chinese_receipt(make_window, printer_name):
    window, _container = make_window(language="en")
    sign_in_by_keyboard(window)
    job = sell_a_cola(window, printer_name)
    assert "合计".encode("gb18030") in job and "现金".encode("gb18030") in job
    assert b"Total" not in job and b"Cash" not in job


def test_a_manager_switches_receipts_to_english_while_the_screen_stays_chinese(
        make_window, printer_name):
    window, container = make_window(language="zh_CN")
    sign_in_by_keyboard(window, "9001", "9999")

    def to_english(dialog, seen) -> None:
        seen["editable"] = dialog.receipt_language.isEnabled()
        dialog.receipt_language.setCurrentIndex(dialog.receipt_language.findData("en"))
        dialog.save()

    seen = open_settings(window, to_english)
    assert seen["editable"]
    assert container.settings.settings.receipt_language == "en"
    assert i18n.language() == "zh_CN"
    job = sell_a_cola(window, printer_name)
    assert b"Total" in job and b"Cash" in job
    assert "合计".encode("gb18030") not in job


def test_a_cashier_sees_the_receipt_language_but_cannot_change_it(make_window):
    window, container = make_window()
    sign_in_by_keyboard(window)

    def try_english(dialog, seen) -> None:
        seen["enabled"] = dialog.receipt_language.isEnabled()
        seen["why"] = dialog.receipt_language.toolTip()
        dialog.receipt_language.setCurrentIndex(dialog.receipt_language.findData("en"))
        dialog.save()

    seen = open_settings(window, try_english)
    assert not seen["enabled"] and "manager" in seen["why"]
    assert container.settings.settings.receipt_language == "zh_CN"
