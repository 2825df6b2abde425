"""After the Z close signs the cashier out, the staff-code field has the keys (tester 20
#7): the close's dialogs were top-level windows, and on a till with no window manager
nothing hands the keys back once they close; a scanner/keyboard till has no mouse."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog

from tests.ui.conftest import wait_until
from tests.ui.keyboard import focus, keys
from tests.ui.test_sale_flow import sign_in_by_keyboard


def test_the_sign_in_after_a_close_takes_the_staff_code_by_keys(make_window, qtbot):
    window, _container = make_window()
    sign_in_by_keyboard(window)
    other = QDialog()  # the last top-level window of the close, still the active one
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    wait_until(other.isActiveWindow)
    # what the close does once the Z is printed (ui/shifts/tools.py); offscreen, like a
    # till with no window manager, no one else hands the main window the keys
    window.sign_out()
    wait_until(lambda: window.stack.currentWidget() is window.signin)
    wait_until(lambda: focus() is window.signin.code_edit)
    other.close()
    keys("9001")
    assert window.signin.code_edit.text() == "9001"
