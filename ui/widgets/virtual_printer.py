"""The virtual printer: a pane of the main window showing each receipt as it would print.

It used to be a window of its own, placed beside the till: on a 1366×768 screen a third of
it was off-screen and, shown last at start-up, it took the keyboard, so the staff code
typed first went nowhere. Now it is a dock of the main window (``PrinterDock``) that can
never take focus; on a narrow screen it starts collapsed and a status-bar toggle opens it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QDockWidget, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from pos_app.i18n import _
from ui.widgets.focus import no_focus
from ui.widgets.receipt_font import monospace_font

RECEIPT_COLUMNS = 48  # an 80 mm roll
# The paper's type (pixels: the app's stylesheet sets sizes in px) shrinks to show a whole
# line in a narrow pane, down to SMALLEST_PX; below that the pane scrolls sideways.
PAPER_PX = 15
SMALLEST_PX = 9


class VirtualPrinterWindow(QWidget):
    """The paper roll (the dock's contents; the name is kept from when it was a window)."""

    # Jobs arrive on the printing thread; the signal carries them to the GUI thread.
    job_received = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("virtualPrinter")
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.paper = QPlainTextEdit()
        self.paper.setReadOnly(True)
        self.paper.setFont(monospace_font())
        self.paper.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.paper.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.paper.setMinimumWidth(160)
        self._paper_px = 0
        self._set_paper_px(PAPER_PX)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.caption)
        layout.addWidget(self.paper, 1)
        self.jobs: list[list[str]] = []
        self.job_received.connect(self._show_job)
        no_focus(self)
        self.retranslate()

    def paper_width(self) -> int:
        """Pixels for a whole receipt line at full size, plus the frame and a scroll bar."""
        return self._line_width(PAPER_PX) + 40

    @staticmethod
    def _line_width(px: int) -> int:
        font = monospace_font()
        font.setPixelSize(px)
        return QFontMetrics(font).horizontalAdvance("0") * RECEIPT_COLUMNS

    def _set_paper_px(self, px: int) -> None:
        if px != self._paper_px:
            self._paper_px = px
            self.paper.setStyleSheet(f"background: #fffdf5; font-size: {px}px;")

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_type()

    def _fit_type(self) -> None:
        """The largest type (up to the receipt preview's) that shows a whole line."""
        paper = self.paper  # room even once the vertical scroll bar shows
        bar = paper.verticalScrollBar().sizeHint().width()
        margins = 2 * int(paper.document().documentMargin())
        room = paper.width() - 2 * paper.frameWidth() - bar - margins - 4
        px = PAPER_PX
        while px > SMALLEST_PX and self._line_width(px) > room:
            px -= 1
        self._set_paper_px(px)

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


class PrinterDock(QDockWidget):
    """The virtual printer docked at the side (or the foot, on a portrait screen).

    It can be closed (the status-bar toggle reopens it) and moved between dock areas,
    never floated: a floating pane is a window again, and windows take focus.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("virtualPrinterDock")
        self.printer = VirtualPrinterWindow()
        self.setWidget(self.printer)
        self.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetMovable
        )
        self.setAllowedAreas(
            Qt.DockWidgetArea.RightDockWidgetArea | Qt.DockWidgetArea.BottomDockWidgetArea
        )
        no_focus(self)  # also the title bar's close button
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Virtual printer"))
        self.printer.retranslate()
