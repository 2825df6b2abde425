"""Run slow work (printing, big look-ups) off the GUI thread and get the outcome back on it.

One helper for the whole UI, as Picard's run_task: the callable runs on Qt's thread pool and
its result or exception comes back through a queued signal to a slot of an object living
on the GUI thread, so widgets are only touched there. The workers are plain Python
threads: under PySide6 6.12 a signal emitted from a QThreadPool job wrapping a Python closure
was lost ("Signal source has been deleted"), while emission from Python threads is reliable.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent import futures
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal, Slot

log = logging.getLogger(__name__)
_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="ui-task")
_futures: set[futures.Future] = set()


class _Relay(QObject):
    finished = Signal(bool, object)

    def __init__(
        self,
        on_done: Callable[[Any], None] | None,
        on_error: Callable[[Exception], None] | None,
    ) -> None:
        super().__init__()
        self._on_done = on_done
        self._on_error = on_error
        self.finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @Slot(bool, object)
    def _deliver(self, ok: bool, value: object) -> None:
        _alive.discard(self)
        if ok:
            if self._on_done is not None:
                self._on_done(value)
        elif self._on_error is not None:
            self._on_error(value)  # type: ignore[arg-type]
        else:
            log.error("background task failed", exc_info=value)  # type: ignore[arg-type]


_alive: set[_Relay] = set()


def run_task(
    fn: Callable[[], Any],
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[Exception], None] | None = None,
) -> None:
    """Call `fn()` on a worker; then `on_done(result)` or `on_error(exc)` on the GUI thread."""
    relay = _Relay(on_done, on_error)
    _alive.add(relay)

    def job() -> None:
        try:
            result = fn()
        except Exception as exc:  # handed to the GUI thread, which decides what to show
            relay.finished.emit(False, exc)
        else:
            relay.finished.emit(True, result)

    future = _pool.submit(job)
    _futures.add(future)
    future.add_done_callback(_futures.discard)


def alive(obj: QObject) -> bool:
    """For an answer arriving late: is `obj` still there? A dialog deleted while its task
    ran must not be touched: PySide raises on a deleted C++ object."""
    return bool(shiboken6.isValid(obj))


def showing(widget: QObject) -> bool:
    """Still there and on screen: a closed dialog has no use for a late answer."""
    return alive(widget) and bool(widget.isVisible())  # type: ignore[attr-defined]


def pending_tasks() -> int:
    """Tasks whose outcome has not reached the GUI thread yet (tests wait for 0)."""
    return len(_alive)


def wait_for_tasks(msecs: int = 10_000) -> bool:
    """Shutdown: give running background work a moment to finish (results are dropped)."""
    running = [f for f in _futures if not f.done()]
    _, not_done = futures.wait(running, timeout=msecs / 1000)
    return not not_done
