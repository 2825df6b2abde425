"""Return without receipt at the till (Shift+F7, from the "More…" menu), on the keyboard:
a cashier scans the product, lowers the refund, picks the reason and store credit; a
manager approves on Refund; the slip prints with the voucher number. And a receipt return
prints its slip too."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from devices.printer.virtual import get_virtual_printer
from pos_app.domain.tenders import Tender, TenderKind
from tests.ui.conftest import db_rows, on_modal_of, wait_until
from tests.ui.keyboard import at_next_dialog, focus, key, keys
from tests.ui.test_sale_flow import COLA
from tests.ui.test_sale_flow import sign_in_by_keyboard as sign_in
from ui.dialogs.manager_pin import ManagerPinDialog
from ui.returns.no_receipt import NoReceiptDialog


def _printed(printer) -> bytes:
    return b"".join(printer.jobs)


def test_a_cashier_refunds_store_credit_without_receipt_with_a_managers_word(
        make_window, printer_name):
    window, container = make_window()
    printer = get_virtual_printer(printer_name)
    sign_in(window)
    db = container.data_dir / "terminal.db"
    jobs = len(printer.jobs)

    def manager(pin: ManagerPinDialog) -> None:
        assert focus() is pin.code_edit
        assert "Amount: ¥6.50" in pin.asked_label.text()  # the refund it approves
        keys("9001")
        key(Qt.Key.Key_Tab)
        keys("9999")
        key(Qt.Key.Key_Return)

    def at_the_dialog(dialog: NoReceiptDialog) -> None:
        assert isinstance(dialog, NoReceiptDialog) and focus() is dialog.code_edit
        keys(COLA)
        key(Qt.Key.Key_Return)
        assert dialog.item is not None and focus() is dialog.quantity
        keys("2")  # the spin box: 2 colas
        assert dialog.amount_edit.text() == "7.00"  # the catalogue price × 2, proposed
        key(Qt.Key.Key_Tab)
        dialog.amount_edit.selectAll()
        keys("6.5")  # a manager may lower it
        key(Qt.Key.Key_Return)
        assert dialog.list.count() == 1 and focus() is dialog.code_edit
        assert not dialog.confirm.isEnabled()  # no reason yet
        dialog.reason.setFocus()
        key(Qt.Key.Key_Down)  # the first reason of the list
        QTest.keyClick(focus(), Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
        assert dialog.credit.isChecked()
        assert "¥6.50" in dialog.summary.text() and dialog.confirm.isEnabled()
        on_modal_of(ManagerPinDialog, manager)
        dialog.confirm.setFocus()
        key(Qt.Key.Key_Return)

    errors = at_next_dialog(at_the_dialog)
    QTest.keyClick(focus(), Qt.Key.Key_F7, Qt.KeyboardModifier.ShiftModifier)
    wait_until(lambda: errors or "printed" in window.sale.message.text(), timeout_ms=8000)
    assert not errors, errors
    assert db_rows(db, "SELECT kind, reason_code, refund_total FROM sale_return") == [
        ("no_receipt", "defective", 650)]
    assert db_rows(db, "SELECT kind, amount, reference FROM refund_tender") == [
        ("store_credit", 650, "S01-T01-C000001")]
    assert len(printer.jobs) > jobs
    slip = _printed(printer)
    assert b"S01-T01-R000001" in slip and b"S01-T01-C000001" in slip


def test_a_receipt_return_prints_its_slip(make_window, printer_name):
    window, container = make_window()
    printer = get_virtual_printer(printer_name)
    sign_in(window)
    till = window.till
    till.sale.ring(COLA, 2)
    done = till.sale.complete([Tender(TenderKind.CARD, till.sale.totals().total)])
    window.sale.refresh()
    jobs = len(printer.jobs)

    def at_the_dialog(dialog) -> None:
        keys(done.receipt_no)
        key(Qt.Key.Key_Return)
        assert dialog.sale is not None
        key(Qt.Key.Key_Space)
        key(Qt.Key.Key_Tab)
        key(Qt.Key.Key_Return)

    errors = at_next_dialog(at_the_dialog)
    key(Qt.Key.Key_F7)
    wait_until(lambda: errors or "printed" in window.sale.message.text(), timeout_ms=8000)
    assert not errors, errors
    slip = b"".join(printer.jobs[jobs:])
    assert b"S01-T01-R000001" in slip and done.receipt_no.encode() in slip
    assert db_rows(container.data_dir / "terminal.db",
                   "SELECT kind, receipt_no FROM sale_return") == [("receipt", done.receipt_no)]
