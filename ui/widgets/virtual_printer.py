"""The virtual printer: a window showing each receipt as it would come out of the printer."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from pos_app.i18n import _
from ui.dialogs.receipt_preview import monospace_font


class VirtualPrinterWindow(QWidget):
    # Jobs arrive on the printing thread; the signal carries them to the GUI thread.
    job_received = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("virtualPrinter")
        self.resize(440, 720)
        self.caption = QLabel()
        self.paper = QPlainTextEdit()
        self.paper.setReadOnly(True)
        self.paper.setFont(monospace_font())
        self.paper.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.paper.setMinimumWidth(self.paper.fontMetrics().horizontalAdvance("0") * 48 + 48)
        self.paper.setStyleSheet("background: #fffdf5;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addWidget(self.paper, 1)
        self.jobs: list[list[str]] = []
        self.job_received.connect(self._show_job)
        self.retranslate()

    def feed(self, lines: list[str]) -> None:
        """Thread-safe entry point for the printer's listener."""
        self.job_received.emit(lines)

    def _show_job(self, lines: list[str]) -> None:
        self.jobs.append(lines)
        self.paper.appendPlainText("\n".join(lines) + "\n")
        self.paper.verticalScrollBar().setValue(self.paper.verticalScrollBar().maximum())

    def retranslate(self) -> None:
        self.setWindowTitle(_("Virtual printer"))
        self.caption.setText(_("Receipts printed on the virtual printer"))
