"""The one approval prompt (PRODUCT §8, issue 18): a manager approves what the signed-in
person asked, by typing their staff code and PIN or by scanning their badge, without the
cashier being signed out. It says what is asked, on what, the amounts before → after and
the reason typed; the till's one approval path checks the PIN or badge and the permissions
table and writes the audit row.

A badge arrives like any scan: the app's wedge (or serial scanner) hands a modal dialog's
`handle_scan` the code (MainWindow.on_scan); a badge's code typed by hand is refused. Any
other scan is refused here, never rung up behind the prompt.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from devices.scanner.qt_wedge import disable_input_method
from pos_app.domain.money import format_money
from pos_app.domain.permissions import Action
from pos_app.i18n import N_, _
from pos_app.services.approvals import Approval, NeedsApproval, looks_like_badge
from pos_app.services.till import Till
from ui.dialogs.keys import enter_goes_to_fields
from ui.errors import shown_errors
from ui.scanners import KEEPS_TYPED_CODE
from ui.widgets.hotkeys import with_hotkey


def refuse_typed_badge(code_edit: QLineEdit, error: QLabel, keep: str = "") -> bool:
    """A badge's code typed by hand approves nothing: only a scan of the card does (a code
    read off a screen or a photo is not the card). True (the field set back to `keep`, the
    reason shown) when `code_edit` holds one. The approval prompt and the lock ask it."""
    if not looks_like_badge(code_edit.text()):
        return False
    code_edit.setText(keep)
    error.setText(_("Scan the badge: its code is not typed."))
    return True


# What the before → after amounts are, where a bare pair would mean nothing to a manager
# (a cash refund's ¥0.00 → ¥116.00 is the cash leaving the drawer: tester 20 #8).
_AMOUNTS = {Action.REFUND_TO_CASH: N_("Cash from the drawer: {before} → {after}")}


def asked_text(asked: NeedsApproval | Action, reason: str = "") -> str:
    """What the prompt says: the request, the amounts before → after, the reason typed."""
    lines = [reason or (asked.reason.message() if isinstance(asked, NeedsApproval) else "")]
    if isinstance(asked, NeedsApproval):
        if asked.before is not None and asked.after is not None:
            shape = _(_AMOUNTS.get(asked.action, N_("{before} → {after}")))
            lines.append(shape.format(before=format_money(asked.before),
                                      after=format_money(asked.after)))
        elif asked.after is not None:  # nothing before: a refund without receipt, a price
            lines.append(_("Amount: {after}").format(after=format_money(asked.after)))
        if asked.note:
            lines.append(_("Reason: {note}").format(note=asked.note))
    return "\n".join(line for line in lines if line)


class _MessageLabel(QLabel):
    """The prompt's message line: a new text re-fits the dialog around it, so a wrapped
    message pushes the buttons down instead of squeezing the PIN field (tester 20 #6)."""

    def setText(self, text: str) -> None:
        super().setText(text)
        window = self.window()
        if window is not self and window.isVisible():
            window.adjustSize()


class ManagerPinDialog(QDialog):
    """`approval` is set once a manager's code and PIN (or badge) check out for `asked`
    (what the signed-in person asked to do); wrong PINs and bad badges count too.
    `reason` overrides the prompt's first line."""

    takes_badges = True  # MainWindow.on_scan hands a scanned badge here, nowhere else

    def __init__(self, till: Till, asked: NeedsApproval | Action, parent=None,
                 reason: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Manager approval"))
        self._till = till
        self._asked = asked
        self.approval: Approval | None = None
        self.code_edit = QLineEdit()
        self.code_edit.setObjectName("managerCode")
        self.code_edit.setProperty(KEEPS_TYPED_CODE, True)  # a fast-typed code stays typed
        self.pin_edit = QLineEdit()
        self.pin_edit.setObjectName("managerPin")
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        for edit in (self.code_edit, self.pin_edit):
            disable_input_method(edit)
        self.error = _MessageLabel()
        self.error.setWordWrap(True)
        self.error.setObjectName("approvalError")
        who = till.staff
        asker = _("Asked by {name}").format(name=who.name) if who else ""
        self.asked_label = QLabel("\n".join(t for t in (asked_text(asked, reason), asker) if t))
        self.asked_label.setWordWrap(True)
        self.asked_label.setObjectName("approvalAsked")
        hint = QLabel(_("Manager: type your code and PIN, or scan your badge."))
        hint.setWordWrap(True)
        ok = QPushButton(with_hotkey(_("Approve"), "Enter"))
        cancel = QPushButton(with_hotkey(_("Cancel"), "Esc"))
        form = QFormLayout()
        form.addRow(_("Manager code"), self.code_edit)
        form.addRow(_("PIN"), self.pin_edit)
        layout = QVBoxLayout(self)
        # the dialog grows with a message instead of squeezing the PIN field under it
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.addWidget(self.asked_label)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(ok)
        layout.addWidget(cancel)
        self.code_edit.returnPressed.connect(self._code_entered)
        self.pin_edit.returnPressed.connect(self.approve)
        ok.clicked.connect(self.approve)
        cancel.clicked.connect(self.reject)
        enter_goes_to_fields(self, primary=ok)
        self.code_edit.setFocus()

    def _code_entered(self) -> None:
        if self._typed_badge():
            return
        self.pin_edit.setFocus()

    def _typed_badge(self) -> bool:
        return refuse_typed_badge(self.code_edit, self.error)

    def handle_scan(self, code: str) -> None:
        """A scan while the prompt is up: a manager's badge approves; nothing else does
        (and nothing is rung up behind the prompt)."""
        self.code_edit.clear()
        if not looks_like_badge(code):
            self.error.setText(_("Scan a manager's badge, or type the code and PIN."))
            QApplication.beep()
            return
        with shown_errors(self.error.setText) as failed:
            self.approval = self._till.overrides.approve_badge(self._asked, code.strip())
        if not failed:
            self.accept()

    def approve(self) -> None:
        if self._typed_badge():
            return
        with shown_errors(self.error.setText) as failed:
            self.approval = self._till.approve(self._asked, self.code_edit.text(),
                                               self.pin_edit.text())
        if failed:
            self.pin_edit.clear()
            return
        self.accept()
