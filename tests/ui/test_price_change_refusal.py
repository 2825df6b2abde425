"""A refused price change (Ctrl+F4, a price above the catalogue's) stays in its dialog with
the refusal said there, what was typed kept, so the next keys never fall into the scan
field; a lower price typed next is applied (tester 12)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import on_modal_of, press, wait_until
from tests.ui.test_overrides_ui import ctrl, ring_cola
from tests.ui.test_sale_flow import sign_in_by_keyboard, type_like_a_person
from ui.discounts.dialog import AmountReasonDialog


def test_a_higher_price_is_refused_in_the_dialog_and_a_lower_one_applied(make_window):
    window, _container = make_window()
    sign_in_by_keyboard(window, "9001", "9999")
    ring_cola(window)  # ¥3.50
    seen: dict[str, str] = {}

    def lower(dialog: AmountReasonDialog) -> None:
        seen["error"] = dialog.error.text()
        seen["reason"] = dialog.reason_edit.text()
        seen["focus"] = "amount" if QApplication.focusWidget() is dialog.amount_edit else "?"
        type_like_a_person("3.00")  # over the selected 5.00
        press(dialog.amount_edit, Qt.Key.Key_Return)
        press(dialog.reason_edit, Qt.Key.Key_Return)

    def higher(dialog: AmountReasonDialog) -> None:
        type_like_a_person("5.00")
        press(dialog.amount_edit, Qt.Key.Key_Return)
        type_like_a_person("dented")
        on_modal_of(AmountReasonDialog, lower)
        press(dialog.reason_edit, Qt.Key.Key_Return)

    on_modal_of(AmountReasonDialog, higher)
    ctrl(Qt.Key.Key_F4)
    wait_until(lambda: window.till.sale.totals().total == 300)
    assert "only be lowered" in seen["error"]
    assert seen["reason"] == "dented" and seen["focus"] == "amount"
    assert len(window.till.cart.lines) == 1  # no key fell into the scan field
