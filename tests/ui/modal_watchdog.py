"""A test that leaves a modal dialog with nobody to answer it would wait in exec() forever,
and pytest-timeout cannot interrupt a Qt event loop: the whole run stalls (CI stop 23 hung
in tests/ui/test_approval_code_fast.py). The watchdog turns that into a failure of the test
that did it: a modal dialog up for `LIMIT_S` is closed and named."""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog

LIMIT_S = 45.0  # a driven dialog answers within seconds, even on a loaded 2-core CI machine


def close_modals() -> None:
    """Reject every open modal dialog, top first, so each exec() returns."""
    for _ in range(20):
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            return
        if isinstance(dialog, QDialog):
            dialog.reject()
        else:
            dialog.close()


class ModalWatchdog:
    """Polls once a second from the GUI thread (timers also fire inside a dialog's exec())."""

    def __init__(self, limit_s: float = LIMIT_S) -> None:
        self.limit_s = limit_s
        self.stuck: list[str] = []
        self._seen: object | None = None
        self._since = 0.0
        self._timer = QTimer()
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def _tick(self) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog is not self._seen:
            self._seen, self._since = dialog, time.monotonic()
            return
        if time.monotonic() - self._since >= self.limit_s:
            self.stuck.append(f"{type(dialog).__name__} {dialog.windowTitle()!r}")
            self._seen = None
            close_modals()

    def stop(self) -> list[str]:
        self._timer.stop()
        return self.stuck
