"""Waiting in Qt tests without QTest.qWait, which holds the GIL in PySide6 6.12 and starves
worker threads (printing, camera, sync): pump a real event loop instead."""

from __future__ import annotations

from collections.abc import Callable


def pump(ms: int) -> None:
    """Let the event loop (and worker threads) run for `ms` milliseconds."""
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
