"""The manager's approval badge (Ctrl+Shift+B): issue a new one or revoke the current ones.

A badge's code is shown once, when issued, to be printed as a barcode on the manager's card;
the till keeps only its hash (pos_app.services.approvals.badges), so it cannot be shown
again: a lost card is revoked here and a new one issued.

Once a code is shown, Enter closes (Close becomes the focused default button): a second
Enter once silently issued another badge and revoked the one just shown (tester 7). A
second issue in the same dialog asks first, with "Keep this badge" as the default.

The buttons name their keys as Enter and Esc really press them: the dialog opens on Issue
(Enter issues), and once a code is shown Enter is Close's, so Issue no longer says Enter;
Esc always closes, as Close says. Revoke, a manager's rare step, is reached by Tab or
Ctrl+Del (the till's key for dropping a whole thing, as Ctrl+Del voids a whole sale).
"""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from pos_app.i18n import _, ngettext
from pos_app.services.till import Till
from ui.dialogs.keys import enter_goes_to_fields
from ui.errors import shown_errors
from ui.widgets.hotkeys import with_hotkey

REVOKE_KEY = "Ctrl+Del"


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
        self.issue_button = QPushButton(with_hotkey(_("Issue a new badge"), "Enter"))
        revoke = QPushButton(with_hotkey(_("Revoke my badges"), REVOKE_KEY))
        revoke.setShortcut(REVOKE_KEY)
        self.close_button = QPushButton(with_hotkey(_("Close"), "Esc"))
        layout = QVBoxLayout(self)
        for widget in (about, self.code, self.status, self.issue_button, revoke,
                       self.close_button):
            layout.addWidget(widget)
        self.issue_button.clicked.connect(self.issue_asking)
        revoke.clicked.connect(self.revoke)
        self.close_button.clicked.connect(self.accept)
        enter_goes_to_fields(self, primary=self.close_button)
        self.issue_button.setFocus()  # Enter on the focused button presses it: Issue

    def issue_asking(self) -> None:
        """The button: issues at once the first time; once a code is shown here, only
        after "Issue a new badge (revokes the old)" is chosen in a question."""
        if self.token and not self.confirm_reissue():
            self.close_button.setFocus()
            return
        self.issue()

    def confirm_reissue(self) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, _("My approval badge"),
                          _("The badge just shown would stop approving. Issue another?"),
                          QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("badgeReissue")
        again = box.addButton(_("Issue a new badge (revokes the old)"),
                              QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(with_hotkey(_("Keep this badge"), "Esc"),
                             QMessageBox.ButtonRole.RejectRole)  # Enter too: the default
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.exec()
        chosen = box.clickedButton() is again
        box.deleteLater()
        return chosen

    def issue(self) -> None:
        with shown_errors(self.status.setText) as failed:
            self.token = self._till.overrides.issue_badge()
        if not failed:
            self.code.setText(self.token)
            self.status.setText(_("New badge issued; earlier ones no longer approve."))
            self.issue_button.setText(_("Issue a new badge (revokes the old)"))
            self.close_button.setDefault(True)
            self.close_button.setFocus()  # the next Enter closes; it does not issue again

    def revoke(self) -> None:
        with shown_errors(self.status.setText) as failed:
            count = self._till.overrides.revoke_badges()
        if not failed:
            self.token = ""
            self.issue_button.setText(with_hotkey(_("Issue a new badge"), "Enter"))
            self.issue_button.setFocus()  # as when the dialog opened: Enter issues
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
