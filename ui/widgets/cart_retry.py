"""The open cart's save, retried while it is owed.

A scan never waits more than a moment for SQLite's write lock (pos_app.services.parked:
SAVE_WAIT_MS), so a save can miss while a sync page or the member name index build holds
the lock. Waiting for the cashier's next change to save again would leave the last scan off
the disk for as long as the cashier stands still (and lost if the till then dies); this
timer asks the till once a second to pay what it owes, which costs nothing when nothing is.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from pos_app.services.till import Till

RETRY_MS = 1000


class CartSaveRetry(QObject):
    def __init__(self, parent: QObject, till: Till, interval_ms: int = RETRY_MS) -> None:
        super().__init__(parent)
        self._till = till
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self._timer.start(interval_ms)

    def _tick(self) -> None:
        if self._till.staff is not None:
            self._till.sale.save_owed()
