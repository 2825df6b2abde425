"""Carries sync status from the sync thread to the GUI thread as a Qt signal."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class SyncBridge(QObject):
    status_changed = Signal(object)  # sync.status.SyncStatus

    def feed(self, status: object) -> None:
        """Called on the sync thread; the queued signal delivers on the GUI thread."""
        self.status_changed.emit(status)
