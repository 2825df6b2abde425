"""Camera tests run Qt offscreen and wait by pumping an event loop, never with QTest.qWait
(it holds the GIL in PySide6 6.12 and starves the camera thread)."""

from __future__ import annotations

import os
from collections.abc import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def pump(ms: int) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_until(predicate: Callable[[], bool], timeout_ms: int = 5000) -> None:
    waited = 0
    while not predicate():
        if waited >= timeout_ms:
            raise AssertionError("condition not met in time")
        pump(20)
        waited += 20
