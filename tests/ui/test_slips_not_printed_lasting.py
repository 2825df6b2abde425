"""Return slips, X and Z that did not print are said lastingly, as a sale's receipt is
(tester 25 #1): the status bar's printer mark names what did not print and how to print it,
in the till's words, and stays (through a sign-out) until it prints. F9 reprints a return
slip it names (a cash refund's drawer opened by the real-time pulse, and not again on the
reprint); an X is printed again from its screen, a Z from the Z reprint. Real window
offscreen, real keys, a (fake) network printer out of paper on a real socket."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from devices.printer.escpos_render import DRAWER_KICK_NOW
from tests.ui.conftest import press, wait_until
from tests.ui.keyboard import at_next_dialog, key, keys
from tests.ui.shifts.helpers import chord, rows
from tests.ui.test_returns_keyboard import f7, load_receipt, sell_three_colas_and_a_tea
from tests.ui.test_sale_flow import sign_in_by_keyboard
from ui.shifts.close import ZCloseDialog
from ui.shifts.reprint import ZReprintDialog

ESC_P = b"\x1bp"  # the buffered drawer kick a first print of a cash refund's slip starts with


def test_a_return_slip_not_printed_stays_marked_and_f9_reprints_it(make_window, paperless):
    window, container = make_window(printer_url=paperless.url)
    sign_in_by_keyboard(window)
    sell_three_colas_and_a_tea(window)
    paperless.set_state("paper_out")

    def refund_the_colas(_dialog) -> None:  # type: ignore[no-untyped-def]
        load_receipt()
        key(Qt.Key.Key_Space)  # the three colas
        key(Qt.Key.Key_Tab)  # to Refund
        key(Qt.Key.Key_Return)

    f7(refund_the_colas)
    mark = window.status.printer_mark
    wait_until(mark.isVisible)
    assert mark.text() == "Return slip S01-T01-R000001 not printed · F9 reprints"
    wait_until(lambda: "did not print" in window.sale.message.text())
    said = window.sale.message.text()
    assert "out of paper" in said and "F9" in said and "R000001 saved" in said
    assert DRAWER_KICK_NOW in paperless.wait_for(DRAWER_KICK_NOW)  # the cash refund's drawer
    assert "did not open" not in said

    paperless.set_state("ok")
    sent = len(paperless.data())
    press(QApplication.focusWidget(), Qt.Key.Key_F9)
    wait_until(lambda: b"R000001" in paperless.data()[sent:])
    assert ESC_P not in paperless.data()[sent:]  # the drawer opened already: not again
    wait_until(lambda: not mark.isVisible())
    wait_until(lambda: "Return slip printed." in window.sale.message.text())
    assert rows(container, "SELECT count(*) FROM audit_log "
                           "WHERE action = 'receipt_reprinted'") == [(0,)]  # not the sale's


def test_an_x_and_a_z_not_printed_stay_marked_until_the_z_prints(make_window, paperless):
    window, container = make_window(printer_url=paperless.url)
    sign_in_by_keyboard(window, "9001", "9999")
    paperless.set_state("paper_out")
    seen = {}

    def print_the_x(dialog) -> None:  # type: ignore[no-untyped-def]
        key(Qt.Key.Key_Return)  # Print
        wait_until(lambda: "not printed" in dialog.message.text())
        seen["x"] = dialog.message.text()
        key(Qt.Key.Key_Escape)

    errors = at_next_dialog(print_the_x)
    chord(Qt.Key.Key_X, shift=True)
    assert not errors, errors
    assert "out of paper" in seen["x"] and "press Print to try again" in seen["x"]
    mark = window.status.printer_mark
    assert mark.isVisible() and mark.text() == "X report not printed · Ctrl+Shift+X, Print"

    def close(dialog) -> None:  # type: ignore[no-untyped-def]
        assert isinstance(dialog, ZCloseDialog)
        keys("2")  # 2 × ¥100: the float, all there is
        dialog.close_button.setFocus()
        key(Qt.Key.Key_Return)  # close and print the Z
        wait_until(lambda: "not printed" in dialog.message.text())
        seen["z"] = dialog.message.text()
        key(Qt.Key.Key_Return)  # Done

    errors = at_next_dialog(close)
    chord(Qt.Key.Key_Z, shift=True)
    assert not errors, errors
    assert "Reprint a Z" in seen["z"] and "out of paper" in seen["z"]
    wait_until(lambda: window.stack.currentWidget() is window.signin)  # signed out
    assert mark.isVisible() and mark.text() == "Z 000001 not printed · More… › Reprint a Z  +1"
    assert rows(container, "SELECT z_no FROM z_report") == [(1,)]

    paperless.set_state("ok")
    window.till.sign_in("9001", "9999")
    dialog = ZReprintDialog(window.till, window, mark)

    def reprint(_d) -> None:  # type: ignore[no-untyped-def]
        key(Qt.Key.Key_Return)  # the latest Z
        wait_until(lambda: not mark.isVisible())
        key(Qt.Key.Key_Escape)

    errors = at_next_dialog(reprint)
    dialog.exec()
    dialog.deleteLater()
    assert not errors, errors
    assert b"000001" in paperless.data()
