"""Shared steps of the shift screen tests: a chord as a person holds it, a sale by scanner,
the manager's approval typed into the one prompt, and the printer's jobs read back."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from devices.printer.virtual import get_virtual_printer, render_text
from tests.ui.conftest import db_rows, pump, wait_until
from tests.ui.keyboard import focus, key, keys
from tests.ui.test_sale_flow import COLA, pay_exact_cash_with_keys, scan_with_wedge


def chord(letter: Qt.Key, shift: bool = False) -> None:
    """Ctrl(+Shift)+letter, held as a person holds it, sent where the focus is."""
    mods = Qt.KeyboardModifier.ControlModifier
    if shift:
        mods |= Qt.KeyboardModifier.ShiftModifier
    target = focus()
    QTest.keyPress(target, letter, mods)
    pump(60)
    QTest.keyRelease(focus() or target, letter, mods)
    pump(20)


def manager_approves(code: str = "9001", pin: str = "9999") -> None:
    """Inside the manager prompt: code, Enter, PIN, Enter."""
    keys(code)
    key(Qt.Key.Key_Return)
    keys(pin)
    key(Qt.Key.Key_Return)


def sell_a_cola_for_cash(window) -> None:
    scan_with_wedge(COLA)
    wait_until(lambda: not window.till.sale.is_empty)
    pay_exact_cash_with_keys(window)
    wait_until(lambda: window.till.sale.is_empty)


def jobs(printer_name: str) -> list[bytes]:
    return get_virtual_printer(printer_name).jobs


def job_text(data: bytes, columns: int = 48) -> str:
    return "\n".join(render_text(data, columns))


def rows(container, sql: str) -> list[tuple]:
    return db_rows(container.data_dir / "terminal.db", sql)


def pair_offline(container) -> None:
    """The demo till paired with an HQ it cannot reach (tests/services/shifts): its queue
    waits for HQ, so a close with it needs a manager; an unpaired till's does not."""
    from tests.services.shifts.shift_world import pair_offline as pair

    pair(container.data_dir / "terminal.db")


def active_dialog():
    return QApplication.activeModalWidget()
