"""The cart as a table: one row per line, amounts in yuan, selection by keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from pos_app.domain.cart import CartTotals
from pos_app.domain.money import format_money
from pos_app.i18n import N_, _

HEADERS = ("#", N_("Product"), N_("Qty"), N_("Price"), N_("Discount"), N_("Amount"),
           N_("Guide"))


class CartTable(QTableWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(0, len(HEADERS), parent)
        self.setObjectName("cart")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(40)
        header = self.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col in (0, 2, 3, 4, 5, 6):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self._line_ids: list[str] = []
        self.retranslate()

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels([_(h) if h != "#" else h for h in HEADERS])

    def show_totals(
        self,
        totals: CartTotals,
        select_line: str | None = None,
        guide_names: dict[str, str] | None = None,
    ) -> None:
        """`guide_names` maps staff ids to names for the Guide column (blank: no guide)."""
        names = guide_names or {}
        self.setRowCount(len(totals.lines))
        self._line_ids = []
        for row, priced in enumerate(totals.lines):
            line = priced.line
            self._line_ids.append(line.line_id)
            name = line.product.name
            if line.unit_code:
                name += f"\n{line.unit_code}"
            cells = (
                str(row + 1),
                name,
                str(line.quantity),
                format_money(line.product.unit_price),
                format_money(priced.line_discount + priced.order_discount)
                if priced.line_discount + priced.order_discount
                else "",
                format_money(priced.net),
                names.get(line.guide_id, "") if line.guide_id else "",
            )
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col in (0, 2, 3, 4, 5):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.setItem(row, col, item)
        if select_line in self._line_ids:
            self.selectRow(self._line_ids.index(select_line))
        elif self._line_ids:
            self.selectRow(len(self._line_ids) - 1)

    def selected_line_id(self) -> str | None:
        rows = self.selectionModel().selectedRows()
        if not rows:
            return None
        row = rows[0].row()
        return self._line_ids[row] if 0 <= row < len(self._line_ids) else None

    def move_selection(self, delta: int) -> None:
        if not self._line_ids:
            return
        current = self.currentRow() if self.currentRow() >= 0 else len(self._line_ids) - 1
        self.selectRow(max(0, min(len(self._line_ids) - 1, current + delta)))
