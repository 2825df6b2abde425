"""Driving the till with the keyboard alone, as a person would: real key events sent to
whichever widget has focus, with human timing, and dialogs driven while they are open."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QPushButton

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


def drive(dialog: QDialog, *steps) -> int:
    """exec() the dialog as the app does; each step is a key, a text to type, or a check."""

    def run(_dialog) -> None:
        for step in steps:
            if isinstance(step, str):
                keys(step)
            elif callable(step) and not isinstance(step, Qt.Key):
                step()
            else:
                key(step)

    errors = at_next_dialog(run)
    result = dialog.exec()
    dialog.deleteLater()
    if errors:
        raise errors[0]
    return result


def tab_reaches_every_button(dialog: QDialog):
    """A step: Tab round the dialog once and check every shown, enabled button got focus.
    Buttons of an exclusive group (the payment kinds) are one stop, as radio buttons are:
    Tab reaches the group, ←/→ move in it."""

    def stop(button: QPushButton):
        group = button.group()
        return group if group is not None and group.exclusive() else button

    def check() -> None:
        buttons = dialog.findChildren(QPushButton)
        wanted = {stop(b) for b in buttons if b.isVisible() and b.isEnabled()}
        reached = set()
        for _ in range(3 * len(buttons) + 12):
            key(Qt.Key.Key_Tab)
            if isinstance(focus(), QPushButton):
                reached.add(stop(focus()))
        missing = sorted(b.text() if isinstance(b, QPushButton) else "a button group"
                         for b in wanted - reached)
        assert not missing, f"Tab never reaches {missing}"

    return check


def focused(widget_of):
    def check() -> None:
        assert focus() is widget_of(), f"focus is on {focus()!r}"

    return check
