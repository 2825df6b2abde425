"""Finding a product by name or SKU when there is no barcode to scan."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout

from pos_app.domain.money import format_money
from pos_app.errors import PosError
from pos_app.i18n import _
from pos_app.services.till import Till
from ui.dialogs.keys import enter_goes_to_fields
from ui.errors import shown_errors
from ui.widgets.product_name import screen_name


class SearchDialog(QDialog):
    def __init__(self, till: Till, text: str = "", parent=None) -> None:
        super().__init__(parent)
        self._till = till
        self.setWindowTitle(_("Search products"))
        self.setMinimumSize(520, 420)
        self.chosen = None
        self.query = QLineEdit(text)
        self.query.setObjectName("searchQuery")
        self.query.setPlaceholderText(_("Name, pinyin (e.g. kkl), English name, SKU or barcode"))
        self.results = QListWidget()
        self.status = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.status)
        self.query.textChanged.connect(self.run_search)
        self.query.returnPressed.connect(self.choose_current)
        self.results.itemActivated.connect(lambda _item: self.choose_current())
        enter_goes_to_fields(self)  # Tab leaves the list; Enter picks; Esc cancels
        self.run_search(text)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.query.hasFocus():
            row = self.results.currentRow() + (1 if event.key() == Qt.Key.Key_Down else -1)
            self.results.setCurrentRow(max(0, min(self.results.count() - 1, row)))
            return
        super().keyPressEvent(event)

    def run_search(self, text: str) -> None:
        self.results.clear()
        if not text.strip():
            self.status.setText("")
            return
        with shown_errors(self.status.setText) as failed:
            hits = self._till.sale.search(text)
        if failed:
            return
        for hit in hits:
            item = QListWidgetItem(
                f"{screen_name(hit.name_zh, hit.name_en)}  {format_money(hit.snapshot.unit_price)}"
                f"  [{hit.snapshot.sku}]"
            )
            item.setData(Qt.ItemDataRole.UserRole, hit.snapshot)
            self.results.addItem(item)
        if hits:
            self.results.setCurrentRow(0)
            self.status.setText(_("{count} found: ↑/↓ then Enter").format(count=len(hits)))
        else:
            self.status.setText(PosError("product_not_found", query=text).message())

    def choose_current(self) -> None:
        item = self.results.currentItem()
        if item is None:
            return
        self.chosen = item.data(Qt.ItemDataRole.UserRole)
        self.accept()
