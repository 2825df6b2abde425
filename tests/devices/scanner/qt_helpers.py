"""A sale-form stand-in and real-event helpers shared by the wedge filter's Qt tests."""

from __future__ import annotations

from PySide6.QtGui import QInputMethodEvent, QWindow
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QVBoxLayout, QWidget

from devices.scanner.qt_wedge import QtWedgeFilter

EAN = "6901234567892"


class SaleForm(QWidget):
    """A stand-in for the sale screen: a text field and a button."""

    def __init__(self) -> None:
        super().__init__()
        self.field = QLineEdit()
        self.pay = QPushButton("Pay")
        layout = QVBoxLayout(self)
        layout.addWidget(self.field)
        layout.addWidget(self.pay)


def scans_of(wedge: QtWedgeFilter) -> list[str]:
    """Collect every code the filter emits."""
    codes: list[str] = []
    wedge.scanned.connect(codes.append)
    return codes


def type_keys(widget: QWidget | QWindow, keys: str, clock, gap_ms: float) -> None:
    """Real key presses, one every `gap_ms` on the injected clock."""
    for ch in keys:
        QTest.keyClick(widget, ch)
        clock.advance_ms(gap_ms)


def commit(widget: QWidget, text: str, preedit: str = "") -> None:
    """What an input method sends when it commits `text` into the focused field."""
    event = QInputMethodEvent(preedit, [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def preedit(widget: QWidget, text: str) -> None:
    """What an input method sends while the composition grows (nothing committed yet)."""
    QApplication.sendEvent(widget, QInputMethodEvent(text, []))
