"""The lock screen over the sale (issue 18): the cart stays behind it, nothing is rung up
while it is up, and it opens only for the signed-in person's PIN or a manager (code + PIN,
or a badge scan). Esc and closing do nothing; a scan that is not a manager's badge is
refused with a beep (MainWindow.on_scan hands scans to the modal dialog on top: this one).

A manager who unlocks is asked whether to sign in as themselves; by default the person who
was signed in stays signed in, with their sale.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from devices.scanner.qt_wedge import disable_input_method
from pos_app.i18n import _
from pos_app.services.approvals import looks_like_badge
from pos_app.services.context import StaffInfo
from pos_app.services.till import Till
from ui.dialogs.keys import enter_goes_to_fields
from ui.dialogs.manager_pin import refuse_typed_badge
from ui.errors import shown_errors
from ui.widgets.hotkeys import with_hotkey
from ui.widgets.question import ask_yes_no


class LockScreen(QDialog):
    takes_badges = True  # MainWindow.on_scan hands a scanned badge here, nowhere else

    def __init__(self, till: Till, parent: QWidget,
                 on_unlocked: Callable[[StaffInfo], None]) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self.setWindowTitle(_("Till locked"))
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
        self.setStyleSheet("#lockScreen { background: #263238; }")  # its children: their own
        self._till = till
        self._on_unlocked = on_unlocked
        self._unlocking = False
        staff = till.staff
        self.staff_code = staff.code if staff else ""
        title = QLabel(_("Till locked"))
        title.setStyleSheet("color: white; font-size: 32px; font-weight: bold;")
        who = QLabel(_("{name} is signed in; the sale in progress is kept.").format(
            name=staff.name if staff else "—"))
        hint = QLabel(_("Type your PIN to go on. A manager may type their code and PIN, "
                        "or scan their badge."))
        self.code_edit = QLineEdit(self.staff_code)
        self.code_edit.setObjectName("lockCode")
        self.pin_edit = QLineEdit()
        self.pin_edit.setObjectName("lockPin")
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        for edit in (self.code_edit, self.pin_edit):
            disable_input_method(edit)
        self.error = QLabel()
        self.error.setObjectName("lockError")
        self.error.setWordWrap(True)
        unlock = QPushButton(with_hotkey(_("Unlock"), "Enter"))
        form = QFormLayout()
        for caption, edit in ((_("Staff code"), self.code_edit), (_("PIN"), self.pin_edit)):
            label = QLabel(caption)
            label.setStyleSheet("color: white; font-size: 18px;")
            form.addRow(label, edit)
        panel = QWidget()  # one centred column, wide enough for the texts to wrap in
        panel.setFixedWidth(560)
        column = QVBoxLayout(panel)
        for label in (who, hint, self.error):
            label.setStyleSheet("color: white; font-size: 18px;")
        for widget in (title, who, hint):
            widget.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            widget.setWordWrap(True)
            column.addWidget(widget)
        column.addSpacing(16)
        column.addLayout(form)
        column.addWidget(self.error)
        column.addWidget(unlock)
        box = QVBoxLayout(self)
        box.addStretch(1)
        box.addWidget(panel, 0, Qt.AlignmentFlag.AlignHCenter)
        box.addStretch(2)
        self.code_edit.returnPressed.connect(self._code_entered)
        self.pin_edit.returnPressed.connect(self.unlock)
        unlock.clicked.connect(self.unlock)
        enter_goes_to_fields(self, primary=unlock)
        self.setGeometry(parent.window().geometry())
        self.pin_edit.setFocus()

    def _code_entered(self) -> None:
        if self._typed_badge():
            return
        self.pin_edit.setFocus()

    def _typed_badge(self) -> bool:
        return refuse_typed_badge(self.code_edit, self.error, keep=self.staff_code)

    def handle_scan(self, code: str) -> None:
        """Locked: a manager's badge unlocks; any other scan rings nothing up."""
        if not looks_like_badge(code):
            self.error.setText(_("The till is locked: nothing was rung up. Unlock first."))
            QApplication.beep()
            return
        self.code_edit.setText(self.staff_code)
        self._unlock(badge=code.strip())

    def unlock(self) -> None:
        if self._typed_badge():
            self.code_edit.setText(self.staff_code)
            return
        code = self.code_edit.text().strip()
        if not code or code == self.staff_code:
            self._unlock(pin=self.pin_edit.text())
        else:
            self._unlock(manager_code=code, pin=self.pin_edit.text())

    def _unlock(self, **how: str) -> None:
        with shown_errors(self.error.setText) as failed:
            who = self._till.overrides.unlock(**how)
        self.pin_edit.clear()
        if failed:
            self.pin_edit.setFocus()
            return
        staff = self._till.staff
        if staff is not None and who.id != staff.id and self._take_over_asked(who, staff):
            with shown_errors(self.error.setText):
                self._till.overrides.take_over(who)
        self._unlocking = True
        self.accept()
        self._on_unlocked(who)

    def _take_over_asked(self, manager: StaffInfo, staff: StaffInfo) -> bool:
        return ask_yes_no(
            self, _("Unlocked"),
            _("Sign in as {manager}? (No: {name} stays signed in.)").format(
                manager=manager.name, name=staff.name))

    def reject(self) -> None:
        """Esc does not unlock."""

    def closeEvent(self, event) -> None:
        if not self._unlocking:
            event.ignore()
            return
        super().closeEvent(event)
