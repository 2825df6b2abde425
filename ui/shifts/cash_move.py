"""Cash in / cash out (存入 / 取出): the amount, a reason from the fixed list, a note.

Keyboard first: the amount has the focus (Shift+Tab, then ↑/↓, turns a cash in into a cash
out); Enter goes on to the reason (↑/↓), where Enter records, or Tab to the note, where
Enter records too. The move is written with its outbox event by `till.shifts.cash_move`;
then the drawer is kicked so the cash can go in or come out.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.money import format_money, parse_yuan
from pos_app.domain.shifts import REASON_LABELS, MoveKind
from pos_app.domain.shifts.cash_moves import MOVE_LABELS
from pos_app.errors import PosError
from pos_app.i18n import _
from pos_app.services.shifts.service import CashMoveDone
from pos_app.services.till import Till
from ui.dialogs.keys import enter_goes_to_fields
from ui.errors import shown_errors
from ui.widgets.hotkeys import with_hotkey
from ui.widgets.message_bar import MessageBar


class CashMoveDialog(QDialog):
    """`recorded` holds the move once Record succeeded."""

    def __init__(self, till: Till, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._till = till
        self.recorded: CashMoveDone | None = None
        self.setWindowTitle(_("Cash in / out"))
        self.setMinimumWidth(460)
        self.message = MessageBar()
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        for kind in (MoveKind.IN, MoveKind.OUT):
            self.kind.addItem(_(MOVE_LABELS[kind]), str(kind))
        self.amount = QLineEdit()
        self.amount.setObjectName("amount")
        self.amount.setPlaceholderText(_("Amount in yuan, e.g. 100.00"))
        self.reason = QComboBox()
        self.reason.setObjectName("reason")
        for code, label in REASON_LABELS.items():
            self.reason.addItem(_(label), str(code))
        self.note = QLineEdit()
        self.note.setObjectName("note")
        self.note.setMaxLength(200)
        self.note.setPlaceholderText(_("Note (needed for 'Other')"))
        record = QPushButton(with_hotkey(_("Record"), "Enter"))
        record.setObjectName("primary")
        cancel = QPushButton(with_hotkey(_("Cancel"), "Esc"))
        form = QFormLayout()
        form.addRow(_("Cash in or out"), self.kind)
        form.addRow(_("Amount"), self.amount)
        form.addRow(_("Reason"), self.reason)
        form.addRow(_("Note"), self.note)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(form)
        layout.addWidget(record)
        layout.addWidget(cancel)
        self.amount.returnPressed.connect(self.reason.setFocus)
        self.note.returnPressed.connect(self.submit)
        record.clicked.connect(self.submit)
        cancel.clicked.connect(self.reject)
        enter_goes_to_fields(self, primary=record)
        self.amount.setFocus()

    def submit(self) -> None:
        amount = parse_yuan(self.amount.text())
        with shown_errors(self.message.error) as failed:
            if amount is None or amount <= 0:
                raise PosError("amount_invalid", text=self.amount.text())
            self.recorded = self._till.shifts.cash_move(
                self.kind.currentData(), amount, self.reason.currentData(), self.note.text())
        if failed:
            self.amount.setFocus()
            return
        self.accept()

    def summary(self) -> str:
        """What the sale screen says once recorded: 'Cash in ¥100.00 (Float top-up)'."""
        assert self.recorded is not None
        kind = _(MOVE_LABELS[MoveKind(self.recorded.kind)])
        reason = self.reason.currentText()
        return _("{kind} {amount} recorded ({reason}).").format(
            kind=kind, amount=format_money(self.recorded.amount), reason=reason)
