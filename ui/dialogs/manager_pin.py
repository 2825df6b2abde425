"""A manager approves an override with their staff code and PIN (PRODUCT §8): the till's one
approval path checks the PIN and the permissions table and writes the audit row."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout

from devices.scanner.qt_wedge import disable_input_method
from pos_app.domain.permissions import Action
from pos_app.i18n import _
from pos_app.services.approvals import Approval, NeedsApproval
from pos_app.services.till import Till
from ui.dialogs.keys import enter_goes_to_fields
from ui.errors import shown_errors


class ManagerPinDialog(QDialog):
    """`approval` is set once a manager's code and PIN check out for `asked` (what the
    signed-in person asked to do); wrong PINs count too. `reason` overrides the prompt."""

    def __init__(self, till: Till, asked: NeedsApproval | Action, parent=None,
                 reason: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Manager approval"))
        self._till = till
        self._asked = asked
        self.approval: Approval | None = None
        if not reason and isinstance(asked, NeedsApproval):
            reason = asked.reason.message()
        self.code_edit = QLineEdit()
        self.pin_edit = QLineEdit()
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        for edit in (self.code_edit, self.pin_edit):
            disable_input_method(edit)
        self.error = QLabel()
        self.error.setWordWrap(True)
        reason_label = QLabel(reason)
        reason_label.setWordWrap(True)
        ok = QPushButton(_("Approve"))
        cancel = QPushButton(_("Cancel"))
        form = QFormLayout()
        form.addRow(_("Manager code"), self.code_edit)
        form.addRow(_("PIN"), self.pin_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(reason_label)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(ok)
        layout.addWidget(cancel)
        self.code_edit.returnPressed.connect(self.pin_edit.setFocus)
        self.pin_edit.returnPressed.connect(self.approve)
        ok.clicked.connect(self.approve)
        cancel.clicked.connect(self.reject)
        enter_goes_to_fields(self, primary=ok)
        self.code_edit.setFocus()

    def approve(self) -> None:
        with shown_errors(self.error.setText) as failed:
            self.approval = self._till.approve(self._asked, self.code_edit.text(),
                                               self.pin_edit.text())
        if failed:
            self.pin_edit.clear()
            return
        self.accept()
