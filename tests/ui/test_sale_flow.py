"""A cashier's whole sale, driven by keystrokes: sign in, scan, pay cash, receipt printed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from devices.printer.escpos_render import render_receipt
from devices.printer.virtual import get_virtual_printer
from tests.staff import MANAGER
from tests.ui.conftest import db_rows, on_next_modal, press, pump, type_keys, wait_until

COLA = "6901234567892"  # 可口可乐 330ml, ¥3.50 in the demo catalog


def type_like_a_person(text: str) -> None:
    """Keys with human gaps (60 ms > the 35 ms wedge gap) into whatever has focus."""
    for ch in text:
        type_keys(QApplication.focusWidget(), ch)
        pump(60)


def scan_with_wedge(code: str) -> None:
    """A scanner burst: real key events at machine speed, then Enter, wherever focus is."""
    target = QApplication.focusWidget()
    type_keys(target, code)
    press(target, Qt.Key.Key_Return)


def sign_in_by_keyboard(window, code: str = "1001", pin: str = "1111") -> None:
    window.signin.code_edit.setFocus()
    type_like_a_person(code)
    press(QApplication.focusWidget(), Qt.Key.Key_Return)
    pump(60)
    assert QApplication.focusWidget() is window.signin.pin_edit
    type_like_a_person(pin)
    on_next_modal(lambda dialog: press(dialog.float_edit, Qt.Key.Key_Return))
    press(QApplication.focusWidget(), Qt.Key.Key_Return)
    wait_until(lambda: QApplication.focusWidget() is window.sale.scan_edit)


def pay_exact_cash_with_keys(window) -> None:
    """F12 opens payment with the amount due filled in; Enter takes it as cash."""
    on_next_modal(lambda dialog: press(dialog.amount_edit, Qt.Key.Key_Return))
    press(QApplication.focusWidget(), Qt.Key.Key_F12)
    wait_until(lambda: QApplication.focusWidget() is window.sale.scan_edit)


def test_cash_sale_by_scanner_and_keyboard_commits_and_prints_chinese(make_window, printer_name):
    window, container = make_window()
    sign_in_by_keyboard(window)
    assert window.stack.currentWidget() is window.sale
    assert window.till.shift is not None

    scan_with_wedge(COLA)
    wait_until(lambda: len(window.till.cart.lines) == 1)
    scan_with_wedge(COLA)
    wait_until(lambda: window.till.cart.lines[0].quantity == 2)
    assert window.sale.scan_edit.text() == ""  # the burst never landed in the field
    assert window.sale.total_label.text() == "¥7.00"

    pay_exact_cash_with_keys(window)

    db = container.data_dir / "terminal.db"
    sales = db_rows(db, "SELECT id, receipt_no, total, paid, change, line_count FROM sale")
    assert len(sales) == 1
    sale_id, receipt_no, total, paid, change, line_count = sales[0]
    assert (receipt_no, total, paid, change, line_count) == ("S01-T01-000001", 700, 700, 0, 1)
    assert db_rows(db, "SELECT name, quantity, net FROM sale_line") == [("可口可乐 330ml", 2, 700)]
    assert db_rows(db, "SELECT kind, amount FROM tender") == [("cash", 700)]
    assert db_rows(db, "SELECT count(*) FROM outbox_event WHERE type='sale.completed'") == [(1,)]

    printer = get_virtual_printer(printer_name)
    wait_until(lambda: len(printer.jobs) == 1)
    job = printer.jobs[0]
    receipt = container.till.receipts.receipt(sale_id)
    assert job == render_receipt(receipt, 48)  # the exact python-escpos Dummy bytes
    assert "可口可乐".encode("gb18030") in job
    assert "￥7.00".encode("gb18030") in job
    assert b"\x1c\x26" in job  # FS & : Chinese mode on
    assert "S01-T01-000001" in window.sale.message.text()


def test_unknown_and_malformed_scans_show_a_message_and_add_nothing(make_window):
    window, _container = make_window()
    sign_in_by_keyboard(window)
    scan_with_wedge("4006381333931")  # valid EAN-13, not in the demo catalog
    wait_until(lambda: window.sale.message.kind == "error")
    assert "4006381333931" in window.sale.message.text()
    scan_with_wedge("6901234567890")  # bad check digit
    wait_until(lambda: "check digit" in window.sale.message.text())
    assert window.till.cart.is_empty


def test_a_dead_printer_keeps_the_sale_and_reprint_works(make_window, printer_name):
    import socket

    with socket.socket() as s:  # a port nobody listens on: the printer is "off"
        s.bind(("127.0.0.1", 0))
        dead_port = s.getsockname()[1]
    window, container = make_window(printer_url=f"tcp://127.0.0.1:{dead_port}")
    sign_in_by_keyboard(window)
    scan_with_wedge(COLA)
    wait_until(lambda: len(window.till.cart.lines) == 1)
    pay_exact_cash_with_keys(window)
    wait_until(lambda: window.last_print_error is not None)
    assert "cannot be reached" in window.sale.message.text()
    assert "drawer did not open" in window.sale.message.text()  # cash, no pulse got out
    assert "F9" in window.sale.message.text() and "Errno" not in window.sale.message.text()
    db = container.data_dir / "terminal.db"
    assert db_rows(db, "SELECT count(*) FROM sale") == [(1,)]

    container.settings.update(MANAGER, printer_url=f"virtual:{printer_name}")
    press(QApplication.focusWidget(), Qt.Key.Key_F9)
    printer = get_virtual_printer(printer_name)
    wait_until(lambda: len(printer.jobs) == 1)
    assert "可口可乐".encode("gb18030") in printer.jobs[0]
