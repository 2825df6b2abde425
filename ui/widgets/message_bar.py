"""The one non-blocking place where the sale screen says what just happened.

On the sale screen the bar keeps its place while empty (``reserve_space``), so a message
appearing or timing out never moves the scan field and the cart under the cashier's
hands; a message too long for the reserved lines is set smaller before the bar grows.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QLabel, QWidget

MESSAGE_PX = 16  # the stylesheet's font size for QLabel#message (ui/style.py)
PADDING_PX = 8


class MessageBar(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("message")
        self.setWordWrap(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clear_message)
        self.kind = ""
        self._reserved_lines = 0
        self.hide()

    def reserve_space(self, lines: int = 2) -> None:
        """Stay in the layout, empty, with room for ``lines`` lines of message."""
        self._reserved_lines = lines
        font = QFont(self.font())
        font.setPixelSize(MESSAGE_PX)
        self.setMinimumHeight(QFontMetrics(font).lineSpacing() * lines + 2 * PADDING_PX + 2)
        self.show()

    def _show(self, text: str, kind: str, timeout_ms: int) -> None:
        self.kind = kind
        self.setProperty("kind", kind)
        self.setText(text)
        self.setProperty("long", self._reserved_lines > 0 and self._too_long(text))
        self.style().unpolish(self)
        self.style().polish(self)
        self.show()
        if timeout_ms:
            self._timer.start(timeout_ms)
        else:
            self._timer.stop()

    def _too_long(self, text: str) -> bool:
        """More lines than reserved at the normal size, at the bar's current width."""
        font = QFont(self.font())
        font.setPixelSize(MESSAGE_PX)
        width = max(self.width() - 2 * PADDING_PX, 100)
        needed = QFontMetrics(font).boundingRect(
            0, 0, width, 10_000, Qt.TextFlag.TextWordWrap, text
        ).height()
        return needed > QFontMetrics(font).lineSpacing() * self._reserved_lines

    def error(self, text: str) -> None:
        """Errors stay until the next action so a busy cashier cannot miss them."""
        self._show(text, "error", 0)

    def info(self, text: str, timeout_ms: int = 6000) -> None:
        self._show(text, "info", timeout_ms)

    def clear_message(self) -> None:
        self.kind = ""
        self.setProperty("kind", "")
        self.setProperty("long", False)
        self.style().unpolish(self)
        self.style().polish(self)
        self.setText("")
        if not self._reserved_lines:
            self.hide()
