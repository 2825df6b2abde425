"""A cash out recorded by keys prints its slip after the drawer's kick, off the GUI thread,
in the store's receipt language (Chinese, GB18030 as the receipt); a printer that refuses
it keeps the move (committed already) and the status bar's printer mark, and F9 prints it
again, marked a reprint, with no second drawer pulse. Real window offscreen, real keys, the
virtual printer and a (fake) network printer on a real socket."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from devices.printer.escpos_render import DRAWER_KICK_NOW
from tests.ui.conftest import press, wait_until
from tests.ui.keyboard import at_next_dialog, key, keys
from tests.ui.shifts.helpers import chord, job_text, jobs, rows
from tests.ui.test_sale_flow import sign_in_by_keyboard

ESC_P = b"\x1bp"


def _cash_out_20_lunch() -> None:
    def fill(dialog) -> None:  # type: ignore[no-untyped-def]
        dialog.kind.setFocus()
        key(Qt.Key.Key_Down)  # Cash out
        key(Qt.Key.Key_Tab)
        keys("20")
        key(Qt.Key.Key_Return)  # on to the reason
        for _ in range(4):
            key(Qt.Key.Key_Down)  # … Other
        dialog.note.setFocus()
        keys("lunch")
        key(Qt.Key.Key_Return)  # records

    errors = at_next_dialog(fill)
    chord(Qt.Key.Key_I)
    assert not errors, errors


def test_a_cash_out_prints_its_slip_after_the_drawer(make_window, printer_name):
    window, container = make_window()
    sign_in_by_keyboard(window)
    _cash_out_20_lunch()
    wait_until(lambda: len(jobs(printer_name)) == 2)
    drawer, slip = jobs(printer_name)
    assert job_text(drawer).strip() == "-- drawer --"
    for text in ("取出现金", "￥20.00", "lunch"):
        assert text.encode("gb18030") in slip, text
    text = job_text(slip)
    assert "C000001" in text and "____" in text and text.rstrip().endswith("-- cut --")
    assert "-- drawer --" not in text
    assert rows(container, "SELECT kind, amount, note FROM cash_move") == [
        ("out", 2000, "lunch")]
    assert "recorded" in window.sale.message.text()
    assert not window.status.printer_mark.isVisible()


def test_a_refused_slip_keeps_the_move_and_the_mark_and_f9_reprints_it(make_window,
                                                                       paperless):
    window, container = make_window(printer_url=paperless.url)
    sign_in_by_keyboard(window)
    paperless.set_state("paper_out")
    _cash_out_20_lunch()
    mark = window.status.printer_mark
    wait_until(mark.isVisible)
    assert "Cash slip" in mark.text() and "F9" in mark.text()
    assert rows(container, "SELECT kind, amount FROM cash_move") == [("out", 2000)]
    assert b"lunch" not in paperless.data()  # refused: nothing of it was sent
    assert DRAWER_KICK_NOW in paperless.data()  # the drawer opened all the same

    paperless.set_state("ok")
    press(QApplication.focusWidget(), Qt.Key.Key_F9)
    got = paperless.wait_for(b"lunch")
    wait_until(lambda: not mark.isVisible())
    assert "取出现金".encode("gb18030") in got and ESC_P not in got
    assert "*** 重印 ***".encode("gb18030") in got  # a copy of the slip that did not print
    wait_until(lambda: "printed" in window.sale.message.text())
    assert rows(container, "SELECT count(*) FROM cash_move") == [(1,)]
