"""Driving the till with the keyboard alone, as a person would: real key events sent to
whichever widget has focus, with human timing, and dialogs driven while they are open."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import on_next_modal, pump


def focus():
    return QApplication.focusWidget()


def tap(k) -> None:
    """One key as a person presses it: down, held a moment, up. (The wedge holds a
    printable key for its gap before passing it on, so an instant release would overtake
    the press; a person's key stays down longer than that.)"""
    target = focus()
    assert target is not None, "no widget has keyboard focus"
    QTest.keyPress(target, k)
    pump(60)
    target = focus()
    if target is not None:  # the key may have closed the dialog
        QTest.keyRelease(target, k)
    pump(20)


def keys(text: str) -> None:
    for ch in text:
        tap(ch)


def key(k: Qt.Key) -> None:
    tap(k)


def at_next_dialog(action: Callable[[object], None]) -> list[BaseException]:
    """`action(dialog)` once a dialog is up. A failing step closes every open dialog
    (instead of leaving a modal loop that never ends) and is returned for the test."""
    errors: list[BaseException] = []

    def run(dialog) -> None:
        try:
            action(dialog)
        except BaseException as exc:  # handed back to the test
            errors.append(exc)
            while QApplication.activeModalWidget() is not None:
                QApplication.activeModalWidget().reject()

    on_next_modal(run)
    return errors


def press_and_drive(k: Qt.Key, action: Callable[[object], None]) -> None:
    """Press `k` where focus is (it opens a dialog); `action` drives that dialog."""
    errors = at_next_dialog(action)
    key(k)
    if errors:
        raise errors[0]
