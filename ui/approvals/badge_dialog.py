"""The manager's approval badge (Ctrl+Shift+B): issue a new one or revoke the current ones.

A badge's code is shown once, when issued, to be printed as a barcode on the manager's card;
the till keeps only its hash (pos_app.services.approvals.badges), so it cannot be shown
again: a lost card is revoked here and a new one issued.
"""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from pos_app.i18n import _, ngettext
from pos_app.services.till import Till
from ui.dialogs.keys import enter_goes_to_fields
from ui.errors import shown_errors


class BadgeDialog(QDialog):
    def __init__(self, till: Till, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("My approval badge"))
        self._till = till
        self.token = ""
        about = QLabel(_("A badge approves like your code and PIN when scanned. Its code is "
                         "shown only once: print it as a barcode on your card. Issuing a new "
                         "badge revokes your earlier ones."))
        about.setWordWrap(True)
        self.code = QLabel()
        self.code.setObjectName("badgeCode")
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code.setStyleSheet("font-family: monospace; font-size: 20px;")
        self.status = QLabel()
        self.status.setWordWrap(True)
        issue = QPushButton(_("Issue a new badge"))
        revoke = QPushButton(_("Revoke my badges"))
        close = QPushButton(_("Close"))
        layout = QVBoxLayout(self)
        for widget in (about, self.code, self.status, issue, revoke, close):
            layout.addWidget(widget)
        issue.clicked.connect(self.issue)
        revoke.clicked.connect(self.revoke)
        close.clicked.connect(self.accept)
        enter_goes_to_fields(self, primary=close)

    def issue(self) -> None:
        with shown_errors(self.status.setText) as failed:
            self.token = self._till.overrides.issue_badge()
        if not failed:
            self.code.setText(self.token)
            self.status.setText(_("New badge issued; earlier ones no longer approve."))

    def revoke(self) -> None:
        with shown_errors(self.status.setText) as failed:
            count = self._till.overrides.revoke_badges()
        if not failed:
            self.code.clear()
            self.status.setText(ngettext("{n} badge revoked.", "{n} badges revoked.",
                                         count).format(n=count))


class BadgeToolContext(Protocol):
    window: QWidget
    till: Till
    extra: dict[str, Any]  # "focus_sale" from the main window


def open_badge_tool(context: BadgeToolContext) -> None:
    dialog = BadgeDialog(context.till, context.window)
    dialog.exec()
    dialog.deleteLater()
    focus_sale = context.extra.get("focus_sale")
    if focus_sale is not None:  # keys (the sale's shortcuts too) back to the scan field
        focus_sale()
