"""The lines of a sale being returned, picked with the keyboard alone.

Why a table of its own: with a check box and a spin box in every row, Tab wandered from
cell widget to cell widget and never left, and the product names could be edited. Here
nothing is editable in place; the table reads keys itself:

- Space ticks or unticks the current line;
- digits type the quantity to return (and tick the line); Backspace takes one back;
- + / − add or take one (1 … what is left);
- ↑/↓ move between lines; Tab leaves the table; Enter belongs to the dialog (refund).

A mouse or touch still ticks the box in the first column.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QApplication, QHeaderView, QTableWidget
from PySide6.QtWidgets import QTableWidgetItem as Item

from pos_app.i18n import _
from pos_app.services.returns import ReturnableLine
from ui.widgets.product_name import screen_name

TICK, NAME, SOLD, RETURNED, QUANTITY = range(5)
_PLUS = (Qt.Key.Key_Plus, Qt.Key.Key_Equal)
_MINUS = (Qt.Key.Key_Minus, Qt.Key.Key_Underscore)


class ReturnLinesTable(QTableWidget):
    picks_changed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(0, 5, parent)
        self.setObjectName("returnLines")
        self.lines: tuple[ReturnableLine, ...] = ()
        self.quantities: list[int] = []
        self._typed = ""  # digits typed on the current line so far
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)
        self.setWordWrap(True)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        for column in (TICK, SOLD, RETURNED, QUANTITY):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.itemChanged.connect(self._item_changed)
        self.currentCellChanged.connect(lambda *_a: self._forget_typing())
        self.retranslate()

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels(
            [_("Return"), _("Product"), _("Sold"), _("Already returned"),
             _("Quantity (type, +/−)")]
        )

    def show_lines(self, lines: tuple[ReturnableLine, ...]) -> None:
        self.blockSignals(True)
        self.lines = lines
        self.quantities = [max(1, line.left) for line in lines]
        self.setRowCount(len(lines))
        for r, line in enumerate(lines):
            tick = Item()
            flags = Qt.ItemFlag.ItemIsSelectable
            if line.left > 0:
                flags |= Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable
            tick.setFlags(flags)
            tick.setCheckState(Qt.CheckState.Unchecked)
            self.setItem(r, TICK, tick)
            name = screen_name(line.name, line.name_en) + (
                f"\n{line.unit_code}" if line.unit_code else "")
            for column, text in ((NAME, name), (SOLD, str(line.quantity)),
                                 (RETURNED, str(line.returned)), (QUANTITY, "")):
                cell = Item(text)
                cell.setFlags(Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled)
                if column != NAME:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.setItem(r, column, cell)
            self._show_quantity(r)
        self.blockSignals(False)
        self.resizeRowsToContents()
        first = next((r for r, line in enumerate(lines) if line.left > 0), 0)
        if lines:
            self.setCurrentCell(first, NAME)
        self.picks_changed.emit()

    # --- what is picked ------------------------------------------------------------------
    def is_ticked(self, row: int) -> bool:
        item = self.item(row, TICK)
        return item is not None and item.checkState() == Qt.CheckState.Checked

    def picks(self) -> dict[str, int]:
        return {line.sale_line_id: self.quantities[r]
                for r, line in enumerate(self.lines) if self.is_ticked(r)}

    def set_ticked(self, row: int, on: bool) -> None:
        if not (0 <= row < len(self.lines)) or self.lines[row].left <= 0:
            return
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        self.item(row, TICK).setCheckState(state)  # itemChanged → picks_changed

    def set_quantity(self, row: int, quantity: int) -> None:
        """Kept within 1 … what is left of the line; a line given a quantity is ticked."""
        if not (0 <= row < len(self.lines)) or self.lines[row].left <= 0:
            return
        left = self.lines[row].left
        if quantity > left:
            QApplication.beep()
        self.quantities[row] = max(1, min(left, quantity))
        self._show_quantity(row)
        if not self.is_ticked(row):
            self.set_ticked(row, True)
        else:
            self.picks_changed.emit()

    def _show_quantity(self, row: int) -> None:
        line = self.lines[row]
        text = f"{self.quantities[row]} / {line.left}" if line.left > 0 else "—"
        self.blockSignals(True)
        self.item(row, QUANTITY).setText(text)
        self.blockSignals(False)

    def _item_changed(self, item: Item) -> None:
        if item.column() == TICK:
            self.picks_changed.emit()

    def _forget_typing(self) -> None:
        self._typed = ""

    # --- keys ----------------------------------------------------------------------------
    def keyPressEvent(self, event) -> None:
        row = self.currentRow()
        key, text = event.key(), event.text()
        if row < 0 or event.modifiers() & (Qt.KeyboardModifier.ControlModifier
                                           | Qt.KeyboardModifier.AltModifier):
            super().keyPressEvent(event)
            return
        if key == Qt.Key.Key_Space:
            self._typed = ""
            self.set_ticked(row, not self.is_ticked(row))
        elif len(text) == 1 and text.isdigit():
            self._typed = (self._typed + text).lstrip("0")[-6:]
            if self._typed:
                self.set_quantity(row, int(self._typed))
        elif key == Qt.Key.Key_Backspace and self._typed:
            self._typed = self._typed[:-1]
            self.set_quantity(row, int(self._typed or "1"))
        elif key in _PLUS or text == "+":
            self._typed = ""
            self.set_quantity(row, self.quantities[row] + (1 if self.is_ticked(row) else 0))
        elif key in _MINUS or text == "-":
            self._typed = ""
            self.set_quantity(row, self.quantities[row] - 1)
        else:
            super().keyPressEvent(event)
            return
        event.accept()
