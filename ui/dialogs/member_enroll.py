"""Enrolling a customer at the counter (online or offline): name, mobile, optional card etc.

Enter moves to the next field and, on the last one, enrolls. The service checks the phone
and duplicates; a refusal is shown here and nothing is saved.
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from devices.scanner.qt_wedge import disable_input_method
from pos_app.i18n import _
from pos_app.services.till import Till
from ui.dialogs.keys import enter_goes_to_fields
from ui.errors import user_message
from ui.widgets.message_bar import MessageBar


class MemberEnrollDialog(QDialog):
    def __init__(self, till: Till, phone: str = "", parent=None) -> None:
        super().__init__(parent)
        self._till = till
        self.enrolled = None  # MemberInfo once saved
        self.setWindowTitle(_("Enroll a member"))
        self.setMinimumWidth(460)
        self.message = MessageBar()
        self.name_edit = QLineEdit()  # Chinese names: the input method stays on here
        self.phone_edit = QLineEdit(phone)
        self.card_edit = QLineEdit()
        self.birthday_edit = QLineEdit()
        self.birthday_edit.setPlaceholderText(_("YYYY-MM-DD (optional)"))
        for edit in (self.phone_edit, self.card_edit, self.birthday_edit):
            disable_input_method(edit)
        self.gender = QComboBox()
        for label, value in ((_("Not given"), ""), (_("Female"), "female"), (_("Male"), "male"),
                             (_("Other"), "other")):
            self.gender.addItem(label, value)
        self.consent = QCheckBox(_("The customer agrees to the membership terms and messages"))
        self.consent.setChecked(True)
        self.save_button = QPushButton(_("Enroll"))
        self.save_button.setObjectName("primary")
        cancel = QPushButton(_("Cancel"))
        for button in (self.save_button, cancel):
            button.setMinimumHeight(44)
        form = QFormLayout()
        form.addRow(_("Name"), self.name_edit)
        form.addRow(_("Mobile"), self.phone_edit)
        form.addRow(_("Card number"), self.card_edit)
        form.addRow(_("Birthday"), self.birthday_edit)
        form.addRow(_("Gender"), self.gender)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(form)
        layout.addWidget(self.consent)
        buttons = QHBoxLayout()
        buttons.addWidget(cancel)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        chain = (self.name_edit, self.phone_edit, self.card_edit, self.birthday_edit)
        for edit, following in pairwise(chain):
            edit.returnPressed.connect(following.setFocus)
        self.birthday_edit.returnPressed.connect(self.enroll)
        self.save_button.clicked.connect(self.enroll)
        cancel.clicked.connect(self.reject)
        enter_goes_to_fields(self, primary=self.save_button)  # Enter on a box: enroll
        self.name_edit.setFocus()

    def handle_scan(self, code: str) -> None:
        """A new member card scanned while enrolling fills the card number."""
        self.card_edit.setText(code.strip())
        self.card_edit.setFocus()

    def enroll(self) -> None:
        try:
            self.enrolled = self._till.enroll_member(
                self.name_edit.text().strip(),
                self.phone_edit.text().strip(),
                card_no=self.card_edit.text().strip() or None,
                birthday=self.birthday_edit.text().strip() or None,
                gender=self.gender.currentData(),
                consent=self.consent.isChecked(),
            )
        except Exception as exc:
            self.message.error(user_message(exc))
            return
        self.accept()

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return  # Enter belongs to the fields
        super().keyPressEvent(event)
