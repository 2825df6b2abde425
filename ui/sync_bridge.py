"""Carries news from other threads to the GUI thread as Qt signals: sync status, and the
store's after-commit change notices (a sync round commits on the sync thread)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal


class SyncBridge(QObject):
    status_changed = Signal(object)  # sync.status.SyncStatus

    def feed(self, status: object) -> None:
        """Called on the sync thread; the queued signal delivers on the GUI thread."""
        self.status_changed.emit(status)


class ChangesBridge(QObject):
    """Subscribe `feed` to a ChangeBus; a screen listens with `on_changes(slot)`.

    Always queued, even from the GUI thread: a commit is announced inside the service call
    that made it, before the till's in-memory state (the cart, the last sale) has caught
    up, so a screen redraws once that call has returned.
    """

    changed = Signal(object)  # frozenset[str] of change kinds (pos_app.services.changes)

    def feed(self, changes: frozenset[str]) -> None:
        self.changed.emit(changes)

    def on_changes(self, slot) -> None:  # type: ignore[no-untyped-def]
        self.changed.connect(slot, Qt.ConnectionType.QueuedConnection)
