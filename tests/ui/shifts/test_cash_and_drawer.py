"""Cash in / out and the no-sale drawer open, by keyboard from the sale screen: recorded
with their reason, the drawer kicked through the printer (the virtual printer shows it)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import press, wait_until
from tests.ui.keyboard import at_next_dialog, focus, key, keys
from tests.ui.shifts.helpers import (
    chord,
    job_text,
    jobs,
    manager_approves,
    rows,
    sell_a_cola_for_cash,
)
from tests.ui.test_sale_flow import sign_in_by_keyboard
from ui.dialogs.manager_pin import ManagerPinDialog
from ui.shifts.cash_move import CashMoveDialog


def test_a_cashier_puts_cash_in_by_keyboard_and_the_drawer_opens(make_window, printer_name):
    window, container = make_window()
    sign_in_by_keyboard(window)
    seen = {}

    def fill(dialog) -> None:
        assert isinstance(dialog, CashMoveDialog)
        assert focus() is dialog.amount
        keys("100")
        key(Qt.Key.Key_Return)  # on to the reason
        assert focus() is dialog.reason
        key(Qt.Key.Key_Down)  # from Float top-up to the next reason
        seen["reason"] = dialog.reason.currentData()
        assert seen["reason"] == "bank_deposit"
        key(Qt.Key.Key_Tab)
        keys("till 2 short of change")
        key(Qt.Key.Key_Return)  # records

    errors = at_next_dialog(fill)
    chord(Qt.Key.Key_I)
    assert not errors, errors
    # the drawer's kick, then the move's slip (test_cash_slip_printed)
    wait_until(lambda: any("-- drawer --" in job_text(job) for job in jobs(printer_name)))
    assert rows(container, "SELECT kind, amount, reason_code, note FROM cash_move") == [
        ("in", 10000, seen["reason"], "till 2 short of change")]
    wait_until(lambda: "recorded" in window.sale.message.text())
    assert "¥100.00" in window.sale.message.text()
    assert focus() is window.sale.scan_edit


def test_cash_out_with_other_needs_a_note_and_says_so(make_window):
    window, container = make_window()
    sign_in_by_keyboard(window)

    def fill(dialog) -> None:
        dialog.kind.setFocus()
        key(Qt.Key.Key_Down)  # Cash out
        key(Qt.Key.Key_Tab)
        keys("20")
        key(Qt.Key.Key_Return)
        for _ in range(4):
            key(Qt.Key.Key_Down)  # … Other
        assert dialog.reason.currentData() == "other"
        key(Qt.Key.Key_Return)  # Record without a note
        assert dialog.isVisible() and dialog.message.text()
        dialog.note.setFocus()
        keys("lunch")
        key(Qt.Key.Key_Return)

    errors = at_next_dialog(fill)
    chord(Qt.Key.Key_I)
    assert not errors, errors
    assert rows(container, "SELECT kind, amount, reason_code, note FROM cash_move") == [
        ("out", 2000, "other", "lunch")]


def test_a_cashier_opens_the_drawer_with_no_sale_once_a_manager_approves(make_window,
                                                                         printer_name):
    window, container = make_window()
    sign_in_by_keyboard(window)
    before = len(jobs(printer_name))

    def approve(dialog) -> None:
        assert isinstance(dialog, ManagerPinDialog)
        manager_approves()

    errors = at_next_dialog(approve)
    chord(Qt.Key.Key_D)
    assert not errors, errors
    wait_until(lambda: len(jobs(printer_name)) == before + 2)  # the kick, then the slip
    assert job_text(jobs(printer_name)[before]).strip() == "-- drawer --"
    assert rows(container, "SELECT kind, s.code FROM cash_move JOIN staff s "
                           "ON s.id = cash_move.approved_by") == [("no_sale", "9001")]
    wait_until(lambda: "no sale" in window.sale.message.text())


def test_no_sale_cancelled_opens_nothing_and_records_nothing(make_window, printer_name):
    window, container = make_window()
    sign_in_by_keyboard(window)
    before = len(jobs(printer_name))
    errors = at_next_dialog(lambda dialog: key(Qt.Key.Key_Escape))
    chord(Qt.Key.Key_D)
    assert not errors, errors
    wait_until(lambda: "stays closed" in window.sale.message.text())
    assert len(jobs(printer_name)) == before
    assert rows(container, "SELECT count(*) FROM cash_move") == [(0,)]


def test_a_cash_sale_opens_the_drawer_with_its_receipt_and_a_reprint_does_not(
        make_window, printer_name):
    """20-L1: the Z counts a drawer open per cash sale, so the sale's receipt kicks it (ESC p
    once, in the receipt's own job); F9's reprint of it does not."""
    window, _container = make_window()
    sign_in_by_keyboard(window)
    sell_a_cola_for_cash(window)
    wait_until(lambda: len(jobs(printer_name)) == 1)
    receipt = job_text(jobs(printer_name)[0])
    assert receipt.count("-- drawer --") == 1 and "-- cut --" in receipt
    press(QApplication.focusWidget(), Qt.Key.Key_F9)
    wait_until(lambda: len(jobs(printer_name)) == 2)
    assert "-- drawer --" not in job_text(jobs(printer_name)[1])
