"""The close's count cannot be dodged (tester's findings, issue 18): an empty blind count is
not checked, a checked count is frozen, and nothing typed asks whether the drawer is empty
(No by default) instead of closing at ¥0; a count checked, cancelled and made again shows
on the Z (20-L1)."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from pos_app.i18n import gettext_in
from tests.staff import MANAGER
from tests.ui.conftest import on_modal_of, pump, wait_until
from tests.ui.keyboard import at_next_dialog, key, keys
from tests.ui.shifts.helpers import (
    chord,
    job_text,
    jobs,
    manager_approves,
    rows,
    sell_a_cola_for_cash,
)
from tests.ui.shifts.test_x_and_z import DENOMS, EXACT, _count, _table
from tests.ui.test_sale_flow import sign_in_by_keyboard
from ui.dialogs.manager_pin import ManagerPinDialog
from ui.shifts.close import HIDDEN


def test_a_blind_count_is_not_checked_empty_and_is_frozen_once_checked(make_window):
    window, container = make_window()
    container.settings.update(MANAGER, blind_count=True)
    sign_in_by_keyboard(window)
    sell_a_cola_for_cash(window)
    seen = {}

    def close(dialog) -> None:
        dialog.check_button.click()  # nothing typed
        seen["empty"] = (_table(dialog)[0], dialog.message.text(), dialog.checked)
        keys("2")
        dialog.check_button.click()
        seen["checked"] = _table(dialog)[0]
        field = dialog.count_widget.pieces[10000]
        seen["frozen"] = all(e.isReadOnly() for e in dialog.count_widget.pieces.values())
        field.setFocus()
        keys("3")  # typing the revealed expected amount changes nothing
        seen["after"] = (field.text(), _table(dialog)[0])
        key(Qt.Key.Key_Escape)

    errors = at_next_dialog(close)
    chord(Qt.Key.Key_Z, shift=True)
    assert not errors, errors
    row, message, checked = seen["empty"]
    assert row[1] == HIDDEN and row[3] == HIDDEN and checked is None
    assert "Enter the count first" in message
    assert seen["checked"] == ["Cash", "¥203.50", "¥200.00", "-¥3.50"]
    assert seen["frozen"]
    assert seen["after"] == ("2", ["Cash", "¥203.50", "¥200.00", "-¥3.50"])


def test_enter_through_an_empty_count_asks_if_the_drawer_is_empty(make_window):
    window, container = make_window()
    sign_in_by_keyboard(window)
    sell_a_cola_for_cash(window)
    seen = {"asked": []}

    def answer_no(box) -> None:
        seen["asked"].append(box.text())
        key(Qt.Key.Key_Return)  # the default: No

    def close(dialog) -> None:
        on_modal_of(QMessageBox, answer_no)
        for _fen in DENOMS:
            key(Qt.Key.Key_Return)  # Enter through every field, the last one closes
        pump(200)
        seen["open"] = dialog.isVisible()
        dialog.reject()

    errors = at_next_dialog(close)
    chord(Qt.Key.Key_Z, shift=True)
    assert not errors, errors
    assert seen["asked"] == ["Nothing counted. Is the drawer empty?"]
    assert seen["open"]
    assert window.till.shift is not None
    assert rows(container, "SELECT count(*) FROM z_report") == [(0,)]


def test_a_blind_count_cancelled_after_its_check_and_counted_again_shows_on_the_z(
        make_window, printer_name):
    """20-L1: checking a blind count, seeing it short, cancelling and counting again until it
    matches is allowed — and the Z says how many counts were checked (stored, printed)."""
    window, container = make_window()
    container.settings.update(MANAGER, blind_count=True)
    sign_in_by_keyboard(window)
    sell_a_cola_for_cash(window)

    def first(dialog) -> None:
        _count(dialog, {10000: "2"})  # ¥3.50 short
        key(Qt.Key.Key_Return)  # the first close only checks the count
        key(Qt.Key.Key_Escape)  # seen short: cancelled

    def second(dialog) -> None:
        _count(dialog, EXACT)
        key(Qt.Key.Key_Return)  # checked
        on_modal_of(ManagerPinDialog, lambda pin: manager_approves())  # the queued sale
        key(Qt.Key.Key_Return)  # closed

    for attempt in (first, second):
        errors = at_next_dialog(attempt)
        chord(Qt.Key.Key_Z, shift=True)
        assert not errors, errors
    wait_until(lambda: rows(container, "SELECT count(*) FROM z_report") == [(1,)])
    (figures,), = rows(container, "SELECT figures FROM z_report")
    assert json.loads(figures)["counts"] == 2
    assert rows(container, "SELECT count(*) FROM audit_log "
                           "WHERE action = 'shift_count_checked'") == [(2,)]
    title = gettext_in("zh_CN", "Z report")  # the store's receipt language
    wait_until(lambda: bool(jobs(printer_name)) and title in job_text(jobs(printer_name)[-1]))
    z = job_text(jobs(printer_name)[-1])
    assert gettext_in("zh_CN", "Counts") in z
