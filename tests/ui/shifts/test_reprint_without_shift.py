"""A manager reprints a Z with no shift open (tester 20 #8): at the "Open shift" that follows
the sign-in, "Reprint a Z" prints the stored Z marked COPY and audits it; Esc there still
signs out, and no shift is opened. By keys on the real window over a real demo file."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from pos_app.domain.shifts import Count
from pos_app.services.shifts import ClosedShift
from tests.qt_wait import pump
from tests.ui.conftest import on_modal_of, press, wait_until
from tests.ui.shifts.helpers import job_text, jobs, rows, sell_a_cola_for_cash
from tests.ui.test_sale_flow import sign_in_by_keyboard, type_like_a_person
from ui.dialogs.open_shift import OpenShiftDialog
from ui.shifts.reprint import ZReprintDialog


def _sign_in(window, code: str, pin: str, at_open_shift) -> None:
    window.signin.code_edit.setFocus()
    type_like_a_person(code)
    press(QApplication.focusWidget(), Qt.Key.Key_Return)
    pump(60)
    type_like_a_person(pin)
    on_modal_of(OpenShiftDialog, at_open_shift)
    press(QApplication.focusWidget(), Qt.Key.Key_Return)


def test_a_manager_reprints_a_z_without_opening_a_shift(make_window, printer_name):
    window, container = make_window()
    sign_in_by_keyboard(window)
    sell_a_cola_for_cash(window)
    done = window.till.shifts.close(Count(cash={10000: 2, 100: 3, 50: 1}))  # ¥203.50
    assert isinstance(done, ClosedShift)
    window.sign_out()
    printed = len(jobs(printer_name))
    seen: dict[str, object] = {}

    def print_it(reprint: ZReprintDialog) -> None:
        press(reprint.list, Qt.Key.Key_Return)  # the newest Z, printed again
        wait_until(lambda: len(jobs(printer_name)) == printed + 1)
        reprint.accept()

    def at_open_shift(dialog: OpenShiftDialog) -> None:
        seen["button"] = dialog.reprint_button is not None
        on_modal_of(ZReprintDialog, print_it)
        dialog.reprint_button.setFocus()
        press(dialog.reprint_button, Qt.Key.Key_Space)
        pump(100)
        seen["keys_back"] = QApplication.focusWidget() is dialog.float_edit  # after pump
        press(dialog.float_edit, Qt.Key.Key_Escape)  # no shift: signed out as before

    _sign_in(window, "9001", "9999", at_open_shift)
    wait_until(lambda: "button" in seen and window.stack.currentWidget() is window.signin)
    assert seen == {"button": True, "keys_back": True}
    assert window.till.shift is None and window.till.staff is None
    copy = job_text(jobs(printer_name)[-1])
    assert "COPY" in copy or "副本" in copy
    assert rows(container, "SELECT count(*) FROM audit_log WHERE action = 'z_reprinted'") == [
        (1,)]
    assert rows(container, "SELECT count(*) FROM shift WHERE closed_at IS NULL") == [(0,)]

