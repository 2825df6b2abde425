"""Signing in by keyboard on a till whose shift is already open (the seeded store's): code,
Enter, PIN, Enter, and the sale screen's scan field has the keys."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.qt_wait import pump, wait_until
from tests.ui.conftest import press
from tests.ui.test_sale_flow import type_like_a_person


def sign_in_on_open_shift(window, code: str, pin: str) -> None:
    window.signin.code_edit.setFocus()
    type_like_a_person(code)
    press(QApplication.focusWidget(), Qt.Key.Key_Return)
    pump(60)
    type_like_a_person(pin)
    press(QApplication.focusWidget(), Qt.Key.Key_Return)
    wait_until(lambda: QApplication.focusWidget() is window.sale.scan_edit)
