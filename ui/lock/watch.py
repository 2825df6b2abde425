"""The inactivity lock (issue 18): after N minutes (settings `lock_after_minutes`; 0 = off)
with no key, click, touch or scan, the lock screen opens over the sale.

Why an application-wide event filter: "no activity" means none in any window or dialog (the
scanner's keys included), which no single widget sees. The filter only restarts a timer; it
never consumes an event.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from pos_app.services.context import StaffInfo
from pos_app.services.till import Till
from ui.errors import shown_errors
from ui.lock.screen import LockScreen

ACTIVITY = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel,
                      QEvent.Type.TouchBegin, QEvent.Type.InputMethod})


class InactivityLock(QObject):
    """`minutes()` is read at each restart (a settings change applies at the next key);
    `active()` says whether there is anything to lock (someone signed in at the sale)."""

    def __init__(self, window: QWidget, till: Till, minutes: Callable[[], float],
                 active: Callable[[], bool], on_unlocked: Callable[[StaffInfo], None]) -> None:
        super().__init__(window)
        self._window = window
        self._till = till
        self._minutes = minutes
        self._active = active
        self._on_unlocked = on_unlocked
        self.screen: LockScreen | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._idle)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.poke()

    @property
    def locked(self) -> bool:
        return self.screen is not None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY and self.screen is None:
            self.poke()
        return False

    def poke(self) -> None:
        """Activity: the countdown starts again (stopped when the lock is off; while the
        lock screen is up it waits for the unlock)."""
        if self.screen is not None:
            return
        minutes = self._minutes()
        if minutes and minutes > 0:
            self.timer.start(max(1, round(minutes * 60_000)))
        else:
            self.timer.stop()

    def _idle(self) -> None:
        if self._active():
            self.lock_now("idle")
        else:
            self.poke()

    def lock_now(self, why: str = "key") -> None:
        """Lock over whatever is open (audited); the cart and any dialog stay behind."""
        if self.screen is not None or self._till.staff is None:
            return
        with shown_errors(lambda _text: None) as failed:
            self._till.overrides.lock(why)
        if failed:
            return
        self.timer.stop()
        self.screen = LockScreen(self._till, self._window, self._unlocked)
        self.screen.show()
        self.screen.raise_()
        self.screen.activateWindow()
        self.screen.pin_edit.setFocus()

    def _unlocked(self, who: StaffInfo) -> None:
        screen, self.screen = self.screen, None
        if screen is not None:
            screen.deleteLater()
        self.poke()
        self._on_unlocked(who)

    def close(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
