"""Enrolling a customer at the counter (online or offline): name, mobile, optional card etc.

Enter moves to the next field and, on the last one, enrolls. A field's problem shows under
it when the person leaves it, and clears as they fix it; on Enroll the first bad field gets
the focus. The membership terms are an active opt-in (PIPL: the box starts unticked and
enrolment is refused without it); messages and offers are a separate, optional box. The
service checks everything again (and duplicates); a refusal saves nothing.
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
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from devices.scanner.qt_wedge import disable_input_method
from pos_app.errors import PosError
from pos_app.i18n import _
from pos_app.services.till import Till
from ui.dialogs.keys import enter_goes_to_fields
from ui.errors import shown_errors
from ui.widgets.field_error import FieldError
from ui.widgets.hotkeys import with_hotkey
from ui.widgets.message_bar import MessageBar

# a refusal the save finds out (duplicates) belongs under this field
FIELD_OF_ERROR = {"phone_invalid": "phone", "member_phone_taken": "phone",
                  "member_card_taken": "card", "member_card_invalid": "card",
                  "member_name_required": "name", "member_name_too_long": "name",
                  "member_birthday_invalid": "birthday"}


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
        self.consent = QCheckBox(_("The customer agrees to the membership terms (required)"))
        self.consent.setObjectName("termsConsent")
        self.consent.setChecked(False)  # an active opt-in: the customer says yes
        self.marketing = QCheckBox(_("The customer wants messages and offers (optional)"))
        self.marketing.setObjectName("marketingConsent")
        self.marketing.setChecked(False)
        self.consent_error = QLabel()
        self.consent_error.setObjectName("fieldError")
        self.consent_error.setStyleSheet("color:#a4001d;")
        self.consent_error.setMinimumHeight(self.consent_error.fontMetrics().height())
        self.consent.toggled.connect(lambda on: on and self.consent_error.setText(""))
        self.checks = {
            field: FieldError(edit, lambda text, f=field: till.members.field_error(f, text))
            for field, edit in (("name", self.name_edit), ("phone", self.phone_edit),
                                ("card", self.card_edit), ("birthday", self.birthday_edit))
        }
        self.save_button = QPushButton(with_hotkey(_("Enroll"), "Enter"))
        self.save_button.setObjectName("primary")
        cancel = QPushButton(with_hotkey(_("Cancel"), "Esc"))
        for button in (self.save_button, cancel):
            button.setMinimumHeight(44)
        form = QFormLayout()
        form.addRow(_("Name"), self.checks["name"].row())
        form.addRow(_("Mobile"), self.checks["phone"].row())
        form.addRow(_("Card number"), self.checks["card"].row())
        form.addRow(_("Birthday"), self.checks["birthday"].row())
        form.addRow(_("Gender"), self.gender)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(form)
        layout.addWidget(self.consent)
        layout.addWidget(self.consent_error)
        layout.addWidget(self.marketing)
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

    def _first_problem(self) -> tuple[QWidget, str] | None:
        """Check every field (errors shown under each): the first bad one and why."""
        bad = [(c.edit, c.error) for c in self.checks.values() if not c.validate()]
        if not self.consent.isChecked():
            self.consent_error.setText(PosError("member_consent_required").message())
            bad.append((self.consent, self.consent_error.text()))
        return bad[0] if bad else None

    def enroll(self) -> None:
        problem = self._first_problem()
        if problem is not None:
            widget, reason = problem
            self.message.error(reason)
            widget.setFocus()
            return
        with shown_errors(self.message.error) as failed:
            self.enrolled = self._till.members.enroll(
                self.name_edit.text().strip(),
                self.phone_edit.text().strip(),
                card_no=self.card_edit.text().strip() or None,
                birthday=self.birthday_edit.text().strip() or None,
                gender=self.gender.currentData(),
                consent=self.consent.isChecked(),
                marketing_consent=self.marketing.isChecked(),
            )
        if failed:
            field = FIELD_OF_ERROR.get(failed.code)
            if field is not None:
                self.checks[field].show_error(failed.text)
                self.checks[field].edit.setFocus()
            return
        self.accept()

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return  # Enter belongs to the fields
        super().keyPressEvent(event)
