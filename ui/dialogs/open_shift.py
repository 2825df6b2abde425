"""Opening a shift: count the float into the drawer and type it in. Whoever may reprint a Z
from the tools menu (X_REPORT) can also do it here (tester 20 #8: a manager had to open a
shift to reprint one): this is the one screen of a signed-in person with no shift, and a
reprint needs none. Esc here still signs out, as before.

Each button shows its key: Open shift is Enter (the float's own Enter too); Reprint a Z is
F9, the till's reprint key (on the sale screen F9 reprints the paper the printer mark
names; here, with no sale and no shift, the one paper to reprint is a Z)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from pos_app.domain.money import parse_yuan
from pos_app.domain.permissions import Action
from pos_app.errors import PosError
from pos_app.i18n import _
from pos_app.services.till import Till
from ui.dialogs.keys import enter_goes_to_fields
from ui.errors import shown_errors
from ui.widgets.hotkeys import with_hotkey
from ui.widgets.message_bar import MessageBar

REPRINT_KEY = "F9"


class OpenShiftDialog(QDialog):
    def __init__(self, till: Till, parent=None,
                 reprint: Callable[[Till, QWidget], QDialog] | None = None) -> None:
        """`reprint` makes the Z reprint dialog (ui.shifts, handed in by the main window:
        ui.shifts imports ui.dialogs, so this module may not import it back)."""
        super().__init__(parent)
        self._till = till
        self.setWindowTitle(_("Open shift"))
        self.message = MessageBar()
        self.float_edit = QLineEdit("200.00")
        self.float_edit.setObjectName("float")
        self.float_edit.selectAll()
        ok = QPushButton(with_hotkey(_("Open shift"), "Enter"))
        ok.setObjectName("primary")
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(QLabel(_("Cash float in the drawer (yuan)")))
        layout.addWidget(self.float_edit)
        layout.addWidget(ok)
        self._reprint = reprint
        self.reprint_button: QPushButton | None = None
        if reprint is not None and till.may(Action.X_REPORT):  # as the tools menu
            self.reprint_button = QPushButton(with_hotkey(_("Reprint a Z"), REPRINT_KEY))
            self.reprint_button.setObjectName("reprintZ")
            self.reprint_button.setAutoDefault(False)
            layout.addWidget(self.reprint_button)
            self.reprint_button.clicked.connect(self.reprint_z)
            QShortcut(QKeySequence(REPRINT_KEY), self).activated.connect(self.reprint_z)
        self.float_edit.returnPressed.connect(self.submit)
        ok.clicked.connect(self.submit)
        enter_goes_to_fields(self, primary=ok)

    def reprint_z(self) -> None:
        """The Z reprint dialog over this one; the float field has the keys again after."""
        if self._reprint is None:
            return
        dialog = self._reprint(self._till, self)
        dialog.exec()
        dialog.deleteLater()
        self.activateWindow()
        self.float_edit.setFocus()

    def submit(self) -> None:
        amount = parse_yuan(self.float_edit.text())
        with shown_errors(self.message.error) as failed:
            if amount is None:
                raise PosError("amount_invalid", text=self.float_edit.text())
            self._till.open_shift(amount)
        if failed:
            return
        self.accept()
