"""A manager approves an override with their staff code and PIN (PRODUCT §8)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout

from devices.scanner.qt_wedge import disable_input_method
from pos_app.i18n import _
from pos_app.services.context import StaffInfo
from pos_app.services.till import Till
from ui.dialogs.keys import enter_goes_to_fields
from ui.errors import shown_errors


class ManagerPinDialog(QDialog):
    """`approver` is set once a manager's code and PIN check out; wrong PINs count too."""

    def __init__(self, till: Till, reason: str, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Manager approval"))
        self._till = till
        self.approver: StaffInfo | None = None
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
            self.approver = self._till.manager_approval(self.code_edit.text(), self.pin_edit.text())
        if failed:
            self.pin_edit.clear()
            return
        self.accept()
