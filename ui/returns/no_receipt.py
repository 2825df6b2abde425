"""Return without receipt (a manager's flow, Action.RETURN_WITHOUT_RECEIPT): the product is
scanned (barcode or unit code) or searched (F3), its catalogue price shown and proposed as
the refund, which a manager may lower, never raise; quantity (1 for a tracked unit); a
reason from the fixed list; the refund in cash or store credit (a voucher number printed
on the slip). A cashier or guide sees the same screen and a manager approves on Refund.

Keyboard alone: scan or type the code, Enter looks it up; Tab to the quantity and the
refund, Enter adds the line (Alt+A adds it from any field: Enter in the quantity is
Refund's); Tab on to the reason (↑/↓), the refund kind (Alt+C / Alt+S), the note, Refund
(Enter) or Esc. Alt+R jumps to the reason.
"""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
)

from devices.scanner.qt_wedge import disable_input_method
from pos_app.domain.money import format_money, parse_yuan
from pos_app.domain.permissions import Action
from pos_app.domain.returns import REASONS
from pos_app.domain.tenders import TenderKind
from pos_app.errors import PosError
from pos_app.i18n import _
from pos_app.services.returns import CompletedReturn
from pos_app.services.returns.no_receipt import MAX_QUANTITY, NoReceiptItem, NoReceiptLine
from pos_app.services.till import Till
from ui.dialogs.keys import enter_goes_to_fields
from ui.dialogs.search import SearchDialog
from ui.errors import shown_errors
from ui.returns.approval import ask_manager
from ui.widgets.hotkeys import with_hotkey

ADD_LINE_KEY = "Alt+A"


class NoReceiptDialog(QDialog):
    def __init__(self, till: Till, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Return without receipt"))
        self.resize(760, 560)
        self._till = till
        self.item: NoReceiptItem | None = None
        self.lines: list[NoReceiptLine] = []
        self.completed: CompletedReturn | None = None
        self.code_edit = QLineEdit()
        self.code_edit.setObjectName("noReceiptCode")
        disable_input_method(self.code_edit)
        self.code_edit.setPlaceholderText(
            _("Scan the product or its unit code, or type the barcode · Enter · F3 searches"))
        self.search_button = QPushButton(with_hotkey(_("Search"), "F3"))
        self.search_button.setShortcut("F3")
        self.item_label = QLabel()
        self.item_label.setObjectName("noReceiptItem")
        self.item_label.setWordWrap(True)
        self.quantity = QSpinBox()
        self.quantity.setObjectName("noReceiptQuantity")
        self.quantity.setRange(1, MAX_QUANTITY)
        self.amount_edit = QLineEdit()
        self.amount_edit.setObjectName("noReceiptAmount")
        disable_input_method(self.amount_edit)
        self.add_button = QPushButton(with_hotkey(_("Add line"), ADD_LINE_KEY))
        self.add_button.setShortcut(ADD_LINE_KEY)  # from any field, as the Alt keys below
        self.list = QListWidget()
        self.list.setObjectName("noReceiptLines")
        self.reason = QComboBox()
        self.reason.setObjectName("noReceiptReason")
        self.reason.addItem(_("— pick a reason —"), "")
        for code, label in REASONS.items():
            self.reason.addItem(_(label), code)
        self.cash = QRadioButton(_("Refund in cash (Alt+C)"))
        self.cash.setChecked(True)
        self.credit = QRadioButton(_("Refund as store credit, a voucher (Alt+S)"))
        self.credit.setObjectName("noReceiptCredit")
        self.note = QLineEdit()
        self.note.setObjectName("noReceiptNote")
        self.note.setMaxLength(200)
        self.summary = QLabel()
        self.summary.setObjectName("noReceiptSummary")
        self.summary.setWordWrap(True)
        self.confirm = QPushButton(with_hotkey(_("Refund"), "Enter"))
        self.confirm.setObjectName("primary")
        self.cancel = QPushButton(with_hotkey(_("Cancel"), "Esc"))
        self._lay_out()
        self.code_edit.returnPressed.connect(lambda: self.look_up(self.code_edit.text()))
        self.search_button.clicked.connect(self.search)
        self.quantity.valueChanged.connect(self._proposed_amount)
        self.amount_edit.returnPressed.connect(self.add_line)
        self.add_button.clicked.connect(self.add_line)
        self.reason.currentIndexChanged.connect(self.update_summary)
        self.credit.toggled.connect(self.update_summary)
        self.confirm.clicked.connect(self.refund)
        for keys, radio in (("Alt+C", self.cash), ("Alt+S", self.credit)):
            QShortcut(QKeySequence(keys), self).activated.connect(
                lambda r=radio: r.setChecked(True))
        QShortcut(QKeySequence("Alt+R"), self).activated.connect(self.reason.setFocus)
        self.cancel.clicked.connect(self.reject)
        enter_goes_to_fields(self, primary=self.confirm)
        self._show_item()
        self.update_summary()
        self.code_edit.setFocus()

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.code_edit, 1)
        top.addWidget(self.search_button)
        item = QFormLayout()
        item.addRow(_("Product"), self.item_label)
        item.addRow(_("Quantity"), self.quantity)
        item.addRow(_("Refund for this line (¥, at most the catalogue price)"),
                    self.amount_edit)
        kinds = QHBoxLayout()
        kinds.addWidget(self.cash)
        kinds.addWidget(self.credit)
        form = QFormLayout()
        form.addRow(_("Reason (Alt+R)"), self.reason)
        form.addRow(_("Refund to"), kinds)
        form.addRow(_("Note"), self.note)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel)
        buttons.addWidget(self.confirm)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(item)
        layout.addWidget(self.add_button)
        layout.addWidget(self.list, 1)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)

    def handle_scan(self, code: str) -> None:
        """A code scanned while the dialog is open (MainWindow.on_scan routes it here)."""
        self.look_up(code)

    # --- the line being added ------------------------------------------------------------
    def look_up(self, code: str) -> None:
        if not code.strip():
            return
        with shown_errors(self.summary.setText) as failed:
            item = self._till.returns.look_up_item(code)
        if failed:
            self.code_edit.selectAll()
            return
        self._take(item)

    def search(self) -> None:
        dialog = SearchDialog(self._till, self.code_edit.text(), self)
        chosen = dialog.chosen if dialog.exec() else None
        dialog.deleteLater()
        self.activateWindow()
        if chosen is not None:
            self._take(NoReceiptItem(chosen.product_id, chosen.sku, chosen.name,
                                     chosen.unit_price, chosen.unit_tracked))

    def _take(self, item: NoReceiptItem) -> None:
        if item.tracked and not item.unit_code:
            self.summary.setText(PosError("return_unit_required", name=item.name).message())
            self.code_edit.selectAll()
            return
        self.item = item
        self.quantity.setValue(1)
        self.quantity.setEnabled(not item.tracked)
        self._show_item()
        self._proposed_amount()
        if item.tracked:
            self.amount_edit.setFocus()
            self.amount_edit.selectAll()
        else:
            self.quantity.setFocus()
            self.quantity.selectAll()  # a digit typed replaces the 1
        self.update_summary()

    def _show_item(self) -> None:
        item = self.item
        if item is None:
            self.item_label.setText(_("Nothing scanned yet."))
            return
        text = f"{item.name}  {format_money(item.unit_price)}"
        self.item_label.setText(text + (f"\n{item.unit_code}" if item.unit_code else ""))

    def _proposed_amount(self) -> None:
        if self.item is not None:
            cents = self.item.unit_price * self.quantity.value()
            self.amount_edit.setText(f"{cents // 100}.{cents % 100:02d}")

    def add_line(self) -> None:
        item = self.item
        if item is None:
            return
        amount = parse_yuan(self.amount_edit.text())
        cap = item.unit_price * self.quantity.value()
        if amount is None or not 0 <= amount <= cap:
            self.summary.setText(PosError("return_price_above_catalogue",
                                          price=format_money(item.unit_price)).message())
            self.amount_edit.selectAll()
            self.amount_edit.setFocus()
            return
        if item.unit_code and any(ln.item.unit_code == item.unit_code for ln in self.lines):
            self.summary.setText(PosError("unit_in_cart", code=item.unit_code).message())
            return
        line = NoReceiptLine(item, self.quantity.value(), None if amount == cap else amount)
        self.lines.append(line)
        self.list.addItem(f"{item.name} × {line.quantity}   {format_money(line.refund)}"
                          + (f"   {item.unit_code}" if item.unit_code else ""))
        self.item = None
        self.code_edit.clear()
        self.amount_edit.clear()
        self.quantity.setValue(1)
        self._show_item()
        self.code_edit.setFocus()
        self.update_summary()

    # --- the refund ----------------------------------------------------------------------
    def refund_kind(self) -> str:
        return TenderKind.STORE_CREDIT.value if self.credit.isChecked() else TenderKind.CASH.value

    def update_summary(self) -> None:
        total = sum(line.refund for line in self.lines)
        ready = bool(self.lines) and bool(self.reason.currentData())
        self.confirm.setEnabled(ready)
        if not self.lines:
            self.summary.setText(_("Scan what the customer brings back."))
        elif not self.reason.currentData():
            self.summary.setText(PosError("return_reason_required").message())
        else:
            where = (_("as store credit") if self.credit.isChecked() else _("in cash"))
            self.summary.setText(_("Refund {amount} {where}").format(
                amount=format_money(total), where=where))

    def refund(self) -> None:
        if not self.lines or not self.reason.currentData():
            return
        approval = None
        if not self._till.may(Action.RETURN_WITHOUT_RECEIPT):
            asked = self._till.returns.without_receipt_ask(
                list(self.lines), self.refund_kind(), self.note.text())
            approval = ask_manager(self._till, asked, self,
                                   _("Return without receipt: refund {amount}").format(
                                       amount=format_money(asked.after or 0)))
            if approval is None:
                return
        with shown_errors(self.summary.setText) as failed:
            self.completed = self._till.returns.complete_without_receipt(
                list(self.lines), self.refund_kind(), str(self.reason.currentData()),
                approved_by=approval, note=self.note.text())
        if failed:
            return
        self.accept()
