"""Closing the shift with a parked sale on file (finding 24-7): the close used to go through
without a word and the cart turned up in the next shift's Shift+F5 list. Now the close says
how many sales are parked and asks before it closes over them (No by default); a Yes keeps
them parked for the next shift."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.ui.conftest import on_modal_of, pump, wait_until
from tests.ui.keyboard import at_next_dialog, key
from tests.ui.shifts.helpers import chord, rows
from tests.ui.shifts.test_x_and_z import _count
from tests.ui.test_hold_and_void import ring_up
from tests.ui.test_sale_flow import COLA, sign_in_by_keyboard
from ui.shifts.close import ZCloseDialog

FLOAT_ONLY = {10000: "2"}  # nothing sold: the ¥200 float is the drawer


def test_the_close_names_the_parked_sales_and_asks_before_closing_over_them(make_window):
    window, container = make_window()
    sign_in_by_keyboard(window)
    ring_up(window, COLA)
    key(Qt.Key.Key_F5)  # park it
    wait_until(lambda: window.till.cart.is_empty)
    seen: dict[str, object] = {"asked": []}

    def answer(reply: Qt.Key):
        def run(box: QMessageBox) -> None:
            seen["asked"].append(box.text())
            key(reply)
        return run

    def close(dialog) -> None:
        assert isinstance(dialog, ZCloseDialog)
        seen["warning"] = (dialog.parked.isVisible(), dialog.parked.text())
        _count(dialog, FLOAT_ONLY)
        on_modal_of(QMessageBox, answer(Qt.Key.Key_Return))  # the default: No
        key(Qt.Key.Key_Return)  # Enter in the last field: close
        pump(200)
        seen["after_no"] = (dialog.isVisible(), dialog.closed_shift, dialog.message.text())
        on_modal_of(QMessageBox, answer(Qt.Key.Key_Y))
        dialog.close_button.click()
        wait_until(lambda: dialog.closed_shift is not None)

    errors = at_next_dialog(close)
    chord(Qt.Key.Key_Z, shift=True)
    assert not errors, errors
    visible, text = seen["warning"]
    assert visible and "1 sale is parked" in text and "Shift+F5" in text
    assert seen["asked"] == [
        "1 sale is still parked. Close the shift anyway and keep it parked for the next "
        "shift?"] * 2
    still_open, closed, message = seen["after_no"]
    assert still_open and closed is None and "stays open" in message
    wait_until(lambda: window.till.shift is None)
    assert rows(container, "SELECT count(*) FROM z_report") == [(1,)]
    assert len(window.till.held.parked()) == 1  # kept for the next shift, not dropped


def test_a_close_with_nothing_parked_says_nothing_about_parked_sales(make_window):
    window, _container = make_window()
    sign_in_by_keyboard(window)
    dialog = ZCloseDialog(window.till, window)
    try:
        assert dialog.parked.isHidden()
    finally:
        dialog.reject()
        dialog.deleteLater()
