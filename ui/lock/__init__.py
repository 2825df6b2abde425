"""The inactivity lock and "Lock now" (issue 18): ui/lock/watch.py times the idleness,
ui/lock/screen.py is the lock screen over the sale."""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtWidgets import QApplication, QWidget

from pos_app.services.context import StaffInfo
from ui.lock.screen import LockScreen
from ui.lock.watch import InactivityLock

__all__ = ["InactivityLock", "LockScreen", "install_inactivity_lock", "lock_now"]


def install_inactivity_lock(window: Any) -> InactivityLock:
    """The lock for the main window: active while someone is signed in at the sale screen;
    after an unlock the status bar and tools follow who is signed in now."""

    def active() -> bool:
        return window.till.staff is not None and window.stack.currentWidget() is window.sale

    def unlocked(_who: StaffInfo) -> None:
        window.status.show_session(window.till.staff, window.till.shift)
        window.sale.show_allowed_tools()
        window.sale.refresh()
        behind = QApplication.activeModalWidget()  # a dialog the lock covered: back to it
        if behind is not None:
            behind.activateWindow()
            return
        window.activateWindow()
        window.sale.scan_edit.setFocus()

    return InactivityLock(window, window.till,
                          lambda: window.container.settings.settings.lock_after_minutes,
                          active, unlocked)


class LockToolContext(Protocol):
    window: QWidget


def lock_now(context: LockToolContext) -> None:
    """The "Lock now" tool (Ctrl+Shift+L): the main window's lock, at once."""
    lock = getattr(context.window, "inactivity_lock", None)
    if lock is not None:
        lock.lock_now("key")
