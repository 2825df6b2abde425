"""The one non-blocking place where the sale screen says what just happened."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QWidget


class MessageBar(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("message")
        self.setWordWrap(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clear_message)
        self.kind = ""
        self.hide()

    def _show(self, text: str, kind: str, timeout_ms: int) -> None:
        self.kind = kind
        self.setProperty("kind", kind)
        self.style().unpolish(self)
        self.style().polish(self)
        self.setText(text)
        self.show()
        if timeout_ms:
            self._timer.start(timeout_ms)
        else:
            self._timer.stop()

    def error(self, text: str) -> None:
        """Errors stay until the next action so a busy cashier cannot miss them."""
        self._show(text, "error", 0)

    def info(self, text: str, timeout_ms: int = 6000) -> None:
        self._show(text, "info", timeout_ms)

    def clear_message(self) -> None:
        self.kind = ""
        self.setText("")
        self.hide()
