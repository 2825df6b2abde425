"""Sign-in: pick or type a staff code, then the PIN by keyboard or on the touch PIN pad."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from devices.scanner.qt_wedge import disable_input_method
from pos_app.i18n import _
from pos_app.services.context import StaffInfo
from pos_app.services.till import Till
from ui.errors import shown_errors
from ui.widgets.message_bar import MessageBar
from ui.widgets.status_bar import role_label


class SignInScreen(QWidget):
    signed_in = Signal(object)  # StaffInfo

    def __init__(
        self, till: Till, demo_staff: list[tuple[str, str, str, str]], parent=None
    ) -> None:
        super().__init__(parent)
        self._till = till
        self._demo_staff = demo_staff
        self.title = QLabel()
        self.title.setObjectName("total")
        self.code_label = QLabel()
        self.code_edit = QLineEdit()
        self.code_edit.setObjectName("staffCode")
        self.pin_label = QLabel()
        self.pin_edit = QLineEdit()
        self.pin_edit.setObjectName("pin")
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        for field in (self.code_edit, self.pin_edit):
            disable_input_method(field)
        self.sign_in_button = QPushButton()
        self.sign_in_button.setObjectName("primary")
        self.message = MessageBar()
        self.message.reserve_space()  # a wrong PIN's message does not move the fields
        self.demo_hint = QLabel()
        self.demo_hint.setTextFormat(Qt.TextFormat.PlainText)
        self.staff_buttons = QHBoxLayout()

        form = QVBoxLayout()
        form.addWidget(self.title)
        form.addWidget(self.message)
        form.addLayout(self.staff_buttons)
        form.addWidget(self.code_label)
        form.addWidget(self.code_edit)
        form.addWidget(self.pin_label)
        form.addWidget(self.pin_edit)
        form.addWidget(self.sign_in_button)
        form.addWidget(self.demo_hint)
        form.addStretch(1)

        pad = QGridLayout()
        keys = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "OK"]
        for i, key in enumerate(keys):
            button = QPushButton(key)
            button.setMinimumSize(72, 60)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, k=key: self._pad(k))
            pad.addWidget(button, i // 3, i % 3)

        layout = QHBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(form, 3)
        layout.addSpacing(32)
        layout.addLayout(pad, 2)
        layout.addStretch(1)

        self.code_edit.returnPressed.connect(self._code_entered)
        self.pin_edit.returnPressed.connect(self.submit)
        self.sign_in_button.clicked.connect(self.submit)
        self.retranslate()

    def reset(self) -> None:
        """Empty fields, the keys in the staff code. The window is activated too: after a
        top-level dialog closes (the Z close signs out) a till with no window manager gives
        no window the keys, and a scanner/keyboard till has no mouse to click one."""
        self.pin_edit.clear()
        self.code_edit.clear()
        self._rebuild_staff_buttons()
        window = self.window()
        if window.isVisible():
            window.activateWindow()
        self.code_edit.setFocus()

    def _rebuild_staff_buttons(self) -> None:
        while self.staff_buttons.count():
            item = self.staff_buttons.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        for staff in self._till.staff_list()[:8]:
            button = QPushButton(f"{staff.name}\n{role_label(staff.role)}")
            button.setMinimumHeight(56)
            button.clicked.connect(lambda _=False, s=staff: self._pick(s))
            self.staff_buttons.addWidget(button)

    def _pick(self, staff: StaffInfo) -> None:
        self.code_edit.setText(staff.code)
        self.pin_edit.clear()
        self.pin_edit.setFocus()

    def badge_scanned(self, code: str) -> None:
        """A scanned staff badge fills the staff code; the PIN is still typed by hand."""
        self.code_edit.setText(code.strip())
        self.pin_edit.clear()
        self.pin_edit.setFocus()

    def _code_entered(self) -> None:
        if self.code_edit.text().strip():
            self.pin_edit.setFocus()

    def _pad(self, key: str) -> None:
        if key == "OK":
            self.submit()
        elif key == "⌫":
            self.pin_edit.backspace()
        else:
            self.pin_edit.insert(key)

    def submit(self) -> None:
        code, pin = self.code_edit.text().strip(), self.pin_edit.text()
        self.pin_edit.clear()
        if not code:
            self.code_edit.setFocus()
            return
        with shown_errors(self.message.error) as failed:
            staff = self._till.sign_in(code, pin)
        if failed:
            self.pin_edit.setFocus()
            return
        self.message.clear_message()
        self.signed_in.emit(staff)

    def retranslate(self) -> None:
        self.title.setText(_("Sign in"))
        self.code_label.setText(_("Staff code"))
        self.pin_label.setText(_("PIN"))
        self.sign_in_button.setText(_("Sign in"))
        if self._demo_staff:
            rows = [
                _("{code}  {name}  {role}  PIN {pin}").format(
                    code=c, name=n, role=role_label(r), pin=p
                )
                for c, n, r, p in self._demo_staff
            ]
            self.demo_hint.setText(_("Demo store staff:") + "\n" + "\n".join(rows))
        else:
            self.demo_hint.setText("")
        self._rebuild_staff_buttons()
