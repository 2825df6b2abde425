"""The sync badge: online / offline / syncing N / error, last sync time, queued count.

A till not paired with HQ (stand-alone, the demo) has no queue that is stuck: it sends
nothing until it is paired. It says so ("not paired", "N kept on this till") instead of
"offline" and "N waiting to send" (tester's finding, 20-L2: the demo's ~165 seeded events
looked like a queue that never drains)."""

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
        self.sync_button = QPushButton()
        self.sync_button.setObjectName("syncNow")
        # A click must not take the keys from the scan field (F-keys would go dead).
        self.sync_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.sync_button.clicked.connect(self.sync_now_requested.emit)
        QShortcut(QKeySequence(SYNC_KEY), self.sync_button).activated.connect(
            self.sync_button.click)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.detail)
        layout.addWidget(self.badge)
        layout.addWidget(self.sync_button)
        self.status = None
        self.show_status(None)

    def show_status(self, status) -> None:  # sync.status.SyncStatus | None
        self.status = status
        state = status.state if status is not None else "unpaired"
        queued = status.queued if status is not None else 0
        texts = {
            "online": _("online"),
            "syncing": _("syncing {count}").format(count=queued),
            "offline": _("offline"),
            "error": _("sync error"),
            "unpaired": _("not paired"),
        }
        self.badge.setText(texts.get(state, state))
        self.badge.setStyleSheet(
            f"background:{COLOURS.get(state, '#777')};color:white;padding:2px 8px;"
            "border-radius:8px;"
        )
        parts = []
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
