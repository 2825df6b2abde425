"""A no-sale and a cash in on a till whose printer is out of paper (tester 25 #2): the move is
recorded and the drawer opens all the same, by the real-time pulse (DLE DC4 1) the printer
carries out without paper, as a cash sale's does; the cashier reads that the printer is out
of paper and that receipts wait for it. A printer nobody answers: the drawer is said not to
have opened (its key), with no system text. Real window offscreen, real keys, a (fake)
network printer on a real socket."""

from __future__ import annotations

from PySide6.QtCore import Qt

from devices.printer.escpos_render import DRAWER_KICK_NOW
from tests.ui.conftest import dead_port, wait_until
from tests.ui.keyboard import at_next_dialog, key, keys
from tests.ui.shifts.helpers import chord, rows
from tests.ui.test_sale_flow import sign_in_by_keyboard

ESC_P = b"\x1bp"  # the buffered kick, which waits for paper


def _cash_in_100() -> None:
    def fill(_dialog) -> None:  # type: ignore[no-untyped-def]
        keys("100")
        key(Qt.Key.Key_Return)  # on to the reason
        key(Qt.Key.Key_Return)  # records (Float top-up)

    errors = at_next_dialog(fill)
    chord(Qt.Key.Key_I)
    assert not errors, errors


def test_a_no_sale_and_a_cash_in_open_the_drawer_with_the_paper_out(make_window, paperless):
    window, container = make_window(printer_url=paperless.url)
    sign_in_by_keyboard(window, "9001", "9999")  # a manager: the no-sale needs no approval
    paperless.set_state("paper_out")
    chord(Qt.Key.Key_D)
    wait_until(lambda: "out of paper" in window.sale.message.text())
    said = window.sale.message.text()
    assert "Drawer opened (no sale)." in said and "print again" in said
    assert DRAWER_KICK_NOW in paperless.wait_for(DRAWER_KICK_NOW)
    assert ESC_P not in paperless.data()  # never queued to spring open when paper is back

    window.sale.message.clear_message()
    sent = len(paperless.data())
    _cash_in_100()
    wait_until(lambda: "out of paper" in window.sale.message.text())
    assert "¥100.00 recorded" in window.sale.message.text()
    wait_until(lambda: paperless.data()[sent:].count(DRAWER_KICK_NOW) == 1)
    assert rows(container, "SELECT kind, amount FROM cash_move ORDER BY created_at") == [
        ("no_sale", 0), ("in", 10000)]


def test_a_cash_in_on_an_unreachable_printer_says_to_use_the_drawer_key(make_window):
    window, container = make_window(printer_url=f"tcp://127.0.0.1:{dead_port()}")
    sign_in_by_keyboard(window)
    _cash_in_100()
    wait_until(lambda: "did not open" in window.sale.message.text())
    said = window.sale.message.text()
    assert "¥100.00 recorded" in said and "cannot be reached" in said and "key" in said
    assert "Errno" not in said and "refused" not in said
    assert rows(container, "SELECT kind, amount FROM cash_move") == [("in", 10000)]


def test_a_no_sale_on_an_unreachable_printer_does_not_say_the_drawer_opened(make_window):
    window, container = make_window(printer_url=f"tcp://127.0.0.1:{dead_port()}")
    sign_in_by_keyboard(window, "9001", "9999")
    chord(Qt.Key.Key_D)
    wait_until(lambda: "did not open" in window.sale.message.text())
    said = window.sale.message.text()
    assert "Drawer opening recorded (no sale)." in said and "Drawer opened" not in said
    assert rows(container, "SELECT kind FROM cash_move") == [("no_sale",)]
