"""Every shift dialog is keyboard-complete: Tab reaches each of its buttons, Esc cancels
and nothing is written; a till with no Z yet says so instead of offering a reprint."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.staff import MANAGER
from tests.ui.keyboard import drive, key, tab_reaches_every_button
from tests.ui.shifts.helpers import rows
from ui.shifts.cash_move import CashMoveDialog
from ui.shifts.close import ZCloseDialog
from ui.shifts.report_view import ShiftReportDialog
from ui.shifts.reprint import ZReprintDialog


def test_tab_reaches_every_button_and_esc_writes_nothing(make_window):
    window, container = make_window()
    till = window.till
    till.sign_in("1001", "1111")
    till.open_shift(20000)
    container.settings.update(MANAGER, blind_count=True)  # Check count shows too
    for make in (lambda: CashMoveDialog(till, window), lambda: ZCloseDialog(till, window),
                 lambda: ShiftReportDialog(till, till.shifts.x_report(), window)):
        dialog = make()
        assert drive(dialog, tab_reaches_every_button(dialog), Qt.Key.Key_Escape) == 0
    assert till.shift is not None
    assert rows(container, "SELECT (SELECT count(*) FROM cash_move), "
                           "(SELECT count(*) FROM z_report)") == [(0, 0)]


def test_a_till_with_no_z_yet_says_so(make_window):
    window, _container = make_window()
    window.till.sign_in("9001", "9999")
    dialog = ZReprintDialog(window.till, window)
    assert dialog.list.count() == 0 and not dialog.print_button.isEnabled()
    assert drive(dialog, lambda: key(Qt.Key.Key_Return), Qt.Key.Key_Escape) == 0
