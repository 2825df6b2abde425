"""F4 asks the selected line's quantity in the till's own dialog: the line's name, big
digits, Enter sets, Esc keeps, a bad number is said in the till's language and the dialog
stays open. Driven by real key events, as a cashier presses them (tests/ui/keyboard.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.conftest import wait_until
from tests.ui.keyboard import focus, focused, key, keys, press_and_drive, tab_reaches_every_button
from tests.ui.test_sale_flow import COLA, scan_with_wedge, sign_in_by_keyboard
from ui.dialogs.quantity import QuantityDialog


def rung_up(make_window, language: str = "en"):
    window, _container = make_window(language=language)
    sign_in_by_keyboard(window)
    scan_with_wedge(COLA)
    wait_until(lambda: len(window.till.cart.lines) == 1)
    return window


def test_f4_names_the_line_and_enter_sets_the_typed_quantity(make_window):
    window = rung_up(make_window)
    seen: dict = {}

    def type_three(dialog) -> None:
        assert isinstance(dialog, QuantityDialog)
        seen["name"] = dialog.name_label.text()
        seen["field"] = (dialog.edit.text(), dialog.edit.selectedText())
        focused(lambda: dialog.edit)()
        keys("3")  # the current quantity is selected: typing replaces it
        key(Qt.Key.Key_Return)

    press_and_drive(Qt.Key.Key_F4, type_three)
    wait_until(lambda: window.till.cart.lines[0].quantity == 3)
    assert seen == {"name": "Coca-Cola 330ml", "field": ("1", "1")}
    wait_until(lambda: focus() is window.sale.scan_edit)


def test_a_bad_quantity_is_said_in_the_tills_language_and_esc_keeps_the_line(make_window):
    window = rung_up(make_window, language="zh_CN")
    seen: dict = {}

    def type_zero_then_esc(dialog) -> None:
        seen["name"] = dialog.name_label.text()
        keys("0")
        key(Qt.Key.Key_Return)
        seen["open"] = dialog.isVisible()
        seen["message"] = dialog.message.text()
        tab_reaches_every_button(dialog)()
        key(Qt.Key.Key_Escape)

    press_and_drive(Qt.Key.Key_F4, type_zero_then_esc)
    assert seen["name"] == "可口可乐 330ml" and seen["open"]
    assert "数量" in seen["message"] and "0" in seen["message"]
    assert window.till.cart.lines[0].quantity == 1
    wait_until(lambda: focus() is window.sale.scan_edit)


def test_letters_never_reach_the_field(qtbot):
    applied: list[int] = []
    dialog = QuantityDialog("Coca-Cola 330ml", 2, applied.append)
    qtbot.addWidget(dialog)
    dialog.edit.clear()
    qtbot.keyClicks(dialog.edit, "1a2")
    assert dialog.edit.text() == "12"
    dialog.submit()
    assert applied == [12] and dialog.quantity == 12
