"""One small dialog for a price or a discount: the amount (¥, or a percentage for a
discount) and the reason, both typed; Enter moves from the amount to the reason and then
applies, Esc cancels."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout

from devices.scanner.qt_wedge import disable_input_method
from pos_app.domain.money import div_round_half_up, parse_yuan
from pos_app.errors import PosError
from pos_app.i18n import _
from ui.dialogs.keys import enter_goes_to_fields
from ui.widgets.hotkeys import with_hotkey


def parse_amount(text: str, of: int, percent_allowed: bool) -> int:
    """Fen from '12.50' (yuan) or, when allowed, '10%' of `of` fen (rounded half up)."""
    cleaned = text.strip()
    if percent_allowed and cleaned.endswith("%"):
        basis_points = parse_yuan(cleaned[:-1])  # "12.5" -> 1250: hundredths, exactly
        if basis_points is None or not 0 <= basis_points <= 10_000:
            raise PosError("discount_invalid")
        return div_round_half_up(of * basis_points, 10_000)
    fen = parse_yuan(cleaned)
    if fen is None or fen < 0:
        raise PosError("discount_invalid")
    return fen


class AmountReasonDialog(QDialog):
    """`amount` (fen) and `reason` are set when accepted; `of` is what a percentage is of."""

    def __init__(self, title: str, what: str, amount_label: str, of: int,
                 percent_allowed: bool, parent=None, start: int | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._of = of
        self._percent = percent_allowed
        self.amount: int | None = None
        self.reason = ""
        self.amount_edit = QLineEdit("" if start is None else f"{start / 100:.2f}")
        self.amount_edit.setObjectName("amountEdit")
        disable_input_method(self.amount_edit)
        self.reason_edit = QLineEdit()  # Chinese input works here: a reason is words
        self.reason_edit.setObjectName("reasonEdit")
        self.error = QLabel()
        self.error.setWordWrap(True)
        hint = (_("An amount in yuan, or a percentage such as 10%.") if percent_allowed
                else _("The new price of one unit, in yuan."))
        about = QLabel(what + "\n" + hint)
        about.setWordWrap(True)
        ok = QPushButton(with_hotkey(_("Apply"), "Enter"))
        cancel = QPushButton(with_hotkey(_("Cancel"), "Esc"))
        form = QFormLayout()
        form.addRow(amount_label, self.amount_edit)
        form.addRow(_("Reason"), self.reason_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(ok)
        layout.addWidget(cancel)
        self.amount_edit.returnPressed.connect(self.reason_edit.setFocus)
        self.reason_edit.returnPressed.connect(self.apply)
        ok.clicked.connect(self.apply)
        cancel.clicked.connect(self.reject)
        enter_goes_to_fields(self, primary=ok)
        self.amount_edit.selectAll()
        self.amount_edit.setFocus()

    def apply(self) -> None:
        try:
            amount = parse_amount(self.amount_edit.text(), self._of, self._percent)
        except PosError as exc:
            self.error.setText(exc.message())
            self.amount_edit.setFocus()
            return
        if not self.reason_edit.text().strip():
            self.error.setText(PosError("discount_reason_required").message())
            self.reason_edit.setFocus()
            return
        self.amount, self.reason = amount, self.reason_edit.text().strip()
        self.accept()

    def show_error(self, text: str) -> None:
        """A refusal of what was applied, said here; the amount selected to type again."""
        self.amount = None
        self.error.setText(text)
        self.amount_edit.selectAll()
        self.amount_edit.setFocus()
