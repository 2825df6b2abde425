"""The watchdog that keeps a forgotten dialog from stalling the whole run (CI stop 23) does
close it and name it, and a watcher of an ended test no longer answers a later prompt."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog

from tests.ui import conftest
from tests.ui.conftest import on_next_modal, pump
from tests.ui.modal_watchdog import ModalWatchdog


def test_a_dialog_nobody_answers_is_closed_and_named(qtbot):
    watchdog = ModalWatchdog(limit_s=1.5)
    dialog = QDialog()
    qtbot.addWidget(dialog)
    dialog.setWindowTitle("forgotten")
    assert dialog.exec() == QDialog.DialogCode.Rejected  # returns instead of waiting forever
    assert watchdog.stop() == ["QDialog 'forgotten'"]


def test_a_watcher_of_an_ended_test_stops_polling(qtbot):
    answered = []
    on_next_modal(answered.append)
    conftest._watchers_of_test[0] += 1  # what the fixture does when a test ends
    dialog = QDialog()
    qtbot.addWidget(dialog)
    dialog.open()
    pump(300)
    dialog.reject()
    assert answered == []
