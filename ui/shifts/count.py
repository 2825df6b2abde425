"""Counting the drawer at close: pieces per RMB note and coin, totals live, then the other
tenders as totals (left empty: taken as expected, as card and mobile payments are settled
by the acquirer). Keyboard first: Enter or Tab goes to the next field."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QWidget

from pos_app.domain.money import format_money
from pos_app.domain.shifts import (
    DENOMINATIONS,
    Count,
    denomination_label,
    parse_pieces,
    parse_total,
)
from pos_app.domain.tenders import tender_label
from pos_app.errors import PosError
from pos_app.i18n import _

BIG = "font-size: 20px; font-weight: bold;"  # totals read at arm's length


def tender_name(kind: str) -> str:
    try:
        return tender_label(kind)
    except ValueError:
        return kind


class CashCountWidget(QWidget):
    changed = Signal()
    finished = Signal()  # Enter in the last field

    def __init__(self, other_kinds: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setColumnStretch(0, 1)
        heading = QLabel(_("Cash in the drawer"))
        heading.setObjectName("countHeading")
        grid.addWidget(heading, 0, 0, 1, 3)
        self.pieces: dict[int, QLineEdit] = {}
        self.subtotals: dict[int, QLabel] = {}
        fields: list[QLineEdit] = []
        for row, fen in enumerate(DENOMINATIONS, start=1):
            edit = self._edit(f"pieces_{fen}", "0")
            # digits only; empty is a whole answer too (none of that note: Enter moves on,
            # where a QIntValidator would call it unfinished and swallow the Enter)
            edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,5}"), edit))
            subtotal = QLabel(format_money(0))
            subtotal.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(QLabel(denomination_label(fen) + "  ×"), row, 0)
            grid.addWidget(edit, row, 1)
            grid.addWidget(subtotal, row, 2)
            self.pieces[fen], self.subtotals[fen] = edit, subtotal
            fields.append(edit)
        row = len(DENOMINATIONS) + 1
        self.cash_total = QLabel()
        self.cash_total.setObjectName("cashTotal")
        self.cash_total.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        total_label = QLabel(_("Cash counted"))
        for label in (self.cash_total, total_label):
            label.setStyleSheet(BIG)
        grid.addWidget(total_label, row, 0, 1, 2)
        grid.addWidget(self.cash_total, row, 2)
        self.others: dict[str, QLineEdit] = {}
        if other_kinds:
            grid.addWidget(QLabel(_("Other tenders (empty: as expected)")), row + 1, 0, 1, 3)
        for offset, kind in enumerate(other_kinds, start=row + 2):
            edit = self._edit(f"counted_{kind}", _("as expected"))
            grid.addWidget(QLabel(tender_name(kind)), offset, 0)
            grid.addWidget(edit, offset, 1, 1, 2)
            self.others[kind] = edit
            fields.append(edit)
        grid.setRowStretch(grid.rowCount(), 1)  # spare height below the count, not inside
        for edit, following in zip(fields, [*fields[1:], None], strict=True):
            edit.returnPressed.connect(following.setFocus if following else self.finished.emit)
        self.first_field = fields[0]
        self._update()

    def _edit(self, name: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        edit.setMaximumWidth(160)
        edit.textChanged.connect(self._update)
        return edit

    def _update(self) -> None:
        total = 0
        for fen, edit in self.pieces.items():
            try:
                amount = fen * parse_pieces(edit.text())
            except PosError:
                amount = 0
            self.subtotals[fen].setText(format_money(amount))
            total += amount
        self.cash_total.setText(format_money(total))
        self.changed.emit()

    def count(self) -> Count:
        """What was typed, or the PosError naming the field that is not a count."""
        cash = {fen: parse_pieces(edit.text()) for fen, edit in self.pieces.items()}
        others = {kind: parse_total(edit.text()) for kind, edit in self.others.items()
                  if edit.text().strip()}
        return Count(cash={f: n for f, n in cash.items() if n}, others=others)

    def is_empty(self) -> bool:
        """No cash field typed at all (a typed 0 is a count; nothing is not)."""
        return not any(edit.text().strip() for edit in self.pieces.values())

    def lock(self) -> None:
        """Read only once the count is checked (blind count) or the shift is closed."""
        for edit in [*self.pieces.values(), *self.others.values()]:
            edit.setReadOnly(True)
