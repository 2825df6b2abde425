"""F4: how many of the selected line, typed in big digits.

A dialog of its own (it was a bare QInputDialog) so that it looks like the till's other
dialogs, names the line it changes (a cashier with three similar lines sees which one), and
says what is wrong in the till's language without closing: a bad number keeps the dialog
open with the message above the field. Enter sets, Esc keeps the line as it was.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout

from pos_app.errors import PosError
from pos_app.i18n import _
from pos_app.services.till import Till
from ui.dialogs.keys import enter_goes_to_fields
from ui.errors import shown_errors
from ui.widgets.hotkeys import with_hotkey
from ui.widgets.message_bar import MessageBar
from ui.widgets.product_name import product_name

_BIG_DIGITS = "font-size: 40px; font-weight: bold; min-height: 64px;"


def parse_quantity(text: str) -> int:
    """A whole number of at least 1, or the translated `invalid_quantity` refusal."""
    cleaned = text.strip()
    if not cleaned.isdigit() or int(cleaned) < 1:
        raise PosError("invalid_quantity", quantity=cleaned)
    return int(cleaned)


class QuantityDialog(QDialog):
    """Asks a new quantity for one line; `apply(quantity)` (the till's set_quantity) runs on
    Enter, and a refusal it raises is shown here while the dialog stays open."""

    def __init__(self, name: str, current: int, apply: Callable[[int], object],
                 parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Quantity"))
        self.setMinimumWidth(420)
        self._apply = apply
        self.quantity: int | None = None
        self.message = MessageBar()
        self.name_label = QLabel(name)
        self.name_label.setObjectName("quantityLine")
        self.name_label.setWordWrap(True)
        self.name_label.setStyleSheet("font-size: 20px; font-weight: bold;")
        self.edit = QLineEdit(str(current))
        self.edit.setObjectName("quantity")
        self.edit.setStyleSheet(_BIG_DIGITS)
        self.edit.setMaxLength(4)
        # digits only; a pasted or scanned stray character is refused with the message
        self.edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,4}")))
        self.edit.selectAll()
        self.ok_button = QPushButton(with_hotkey(_("Set quantity"), "Enter"))
        self.ok_button.setObjectName("primary")
        cancel = QPushButton(with_hotkey(_("Back"), "Esc"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.name_label)
        layout.addWidget(QLabel(_("New quantity:")))
        layout.addWidget(self.edit)
        row = QHBoxLayout()
        row.addWidget(cancel)
        row.addWidget(self.ok_button, 1)
        layout.addLayout(row)
        self.edit.returnPressed.connect(self.submit)
        self.ok_button.clicked.connect(self.submit)
        cancel.clicked.connect(self.reject)
        enter_goes_to_fields(self, primary=self.ok_button)
        self.edit.setFocus()

    def submit(self) -> None:
        with shown_errors(self.message.error) as failed:
            quantity = parse_quantity(self.edit.text())
            self._apply(quantity)
        if failed:
            self.edit.selectAll()
            self.edit.setFocus()
            return
        self.quantity = quantity
        self.accept()


def ask_quantity(parent, till: Till, line_id: str) -> bool:
    """F4 on the sale screen: the dialog for `line_id`; True once its quantity changed."""
    line = next((ln for ln in till.cart.lines if ln.line_id == line_id), None)
    if line is None:
        return False
    dialog = QuantityDialog(product_name(line.product), line.quantity,
                            lambda q: till.sale.set_quantity(line_id, q), parent)
    return dialog.exec() == QDialog.DialogCode.Accepted
