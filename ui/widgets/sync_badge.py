"""The sync badge: online / offline / syncing N / error, last sync time, queued count.

A till not paired with HQ (stand-alone, the demo) has no queue that is stuck: it sends
nothing until it is paired. It says so ("not paired", "N kept on this till") instead of
"offline" and "N waiting to send" (tester's finding, 20-L2: the demo's ~165 seeded events
looked like a queue that never drains).

"Sync now" (Ctrl+S) answers where it was asked (finding 24-14): offline, a round fails in
milliseconds and the badge stayed "offline", so a press looked ignored. The detail says
"Syncing now…" at once, then how the round ended (done / HQ not reached, retrying by
itself / failed), until the badge's state changes again."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from pos_app.i18n import _
from ui.widgets.hotkeys import set_hotkey_text

SYNC_KEY = "Ctrl+S"  # works while the button is shown (paired tills)

COLOURS = {
    "online": "#1f7a3a",
    "syncing": "#1f5fa8",
    "offline": "#777777",
    "error": "#a4001d",
    "unpaired": "#777777",
}


class SyncBadge(QWidget):
    sync_now_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.badge = QLabel()
        self.badge.setObjectName("syncBadge")
        self.detail = QLabel()
        # a long note or queue line is clipped rather than widen the window past the screen
        self.detail.setMinimumWidth(1)
        self.sync_button = QPushButton()
        self.sync_button.setObjectName("syncNow")
        # A click must not take the keys from the scan field (F-keys would go dead).
        self.sync_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.sync_button.clicked.connect(self._asked)
        self.sync_button.clicked.connect(self.sync_now_requested.emit)
        QShortcut(QKeySequence(SYNC_KEY), self.sync_button).activated.connect(
            self.sync_button.click)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.detail)
        layout.addWidget(self.badge)
        layout.addWidget(self.sync_button)
        self.status = None
        # "sync now": "" (not asked), "pressed" (its round not begun: a status already on
        # its way says nothing about it), "running" (its round began: the next state ends it)
        self.asked = ""
        self.note = ""  # what the last "sync now" came to (or that it is under way)
        self._note_state = ""  # the state the note is about; another state clears it
        self.show_status(None)

    def _asked(self) -> None:
        self.asked, self.note, self._note_state = "pressed", _("Syncing now…"), ""
        self._render(self.status)

    def _follow_up(self, state: str) -> None:
        """The note of a "sync now": kept while its round runs, then what it came to."""
        if self.asked == "pressed" and state == "syncing":
            self.asked = "running"
        elif self.asked == "running" and state != "syncing":
            self.asked, self._note_state = "", state
            self.note = {
                "online": _("Sync done"),
                "offline": _("HQ not reached; retrying by itself"),
                "error": _("Sync now failed (see the badge)"),
            }.get(state, "")
        elif not self.asked and self.note and state != self._note_state:
            self.note = ""

    def show_status(self, status) -> None:  # sync.status.SyncStatus | None
        self._follow_up(status.state if status is not None else "unpaired")
        self._render(status)

    def _render(self, status) -> None:  # sync.status.SyncStatus | None
        self.status = status
        state = status.state if status is not None else "unpaired"
        queued = status.queued if status is not None else 0
        texts = {
            "online": _("online"),
            # nothing queued: a round pulling HQ's changes, not a count of zero to send
            "syncing": _("syncing {count}").format(count=queued) if queued else _("syncing"),
            "offline": _("offline"),
            "error": _("sync error"),
            "unpaired": _("not paired"),
        }
        self.badge.setText(texts.get(state, state))
        self.badge.setStyleSheet(
            f"background:{COLOURS.get(state, '#777')};color:white;padding:2px 8px;"
            "border-radius:8px;"
        )
        parts = [self.note] if self.note else []
        if state == "unpaired":
            parts.append(_("stand-alone (not paired with HQ)"))
        if queued and state == "unpaired":
            parts.append(_("{count} kept on this till").format(count=queued))
        elif queued:
            parts.append(_("{count} waiting to send").format(count=queued))
        if status is not None and status.last_sync_at is not None:
            parts.append(
                _("last sync {time}").format(
                    time=status.last_sync_at.astimezone().strftime("%H:%M:%S")
                )
            )
        if status is not None and status.message and state in ("error", "offline"):
            self.badge.setToolTip(status.message)
        self.detail.setText(" · ".join(parts))
        set_hotkey_text(self.sync_button, _("Sync now"), SYNC_KEY)
        self.sync_button.setVisible(state != "unpaired")
