"""Returns (F7, or a receipt QR scanned on the sale screen): find the sale, tick lines, refund.

The refund plan shown is the service's own (`plan_refund`), so what the cashier reads is what
gets written. Cash instead of the original payment asks for a manager's PIN.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from devices.scanner.qt_wedge import disable_input_method
from pos_app.domain.money import format_money
from pos_app.domain.tenders import tender_label
from pos_app.i18n import _
from pos_app.services.returns import CompletedReturn, ReturnableSale, plan_refund
from pos_app.services.till import Till
from ui.dialogs.keys import enter_goes_to_fields
from ui.dialogs.manager_pin import ManagerPinDialog
from ui.errors import user_message


class ReturnsDialog(QDialog):
    def __init__(self, till: Till, code: str = "", parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Return items"))
        self.resize(760, 480)
        self._till = till
        self.sale: ReturnableSale | None = None
        self.code = ""
        self.completed: CompletedReturn | None = None
        self.receipt_edit = QLineEdit()
        disable_input_method(self.receipt_edit)
        self.receipt_edit.setPlaceholderText(_("Scan the receipt QR or type the receipt number"))
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(
            [_("Return"), _("Product"), _("Sold"), _("Already returned"), _("Quantity")]
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        self.to_cash = QCheckBox(_("Refund in cash (manager)"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.confirm = QPushButton(_("Refund"))
        self.confirm.setObjectName("primary")
        cancel = QPushButton(_("Cancel"))
        row = QHBoxLayout()
        row.addWidget(self.receipt_edit, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.to_cash)
        layout.addWidget(self.summary)
        buttons = QHBoxLayout()
        buttons.addWidget(cancel)
        buttons.addWidget(self.confirm)
        layout.addLayout(buttons)
        self.receipt_edit.returnPressed.connect(lambda: self.load(self.receipt_edit.text()))
        self.to_cash.toggled.connect(self.update_summary)
        self.confirm.clicked.connect(self.refund)
        cancel.clicked.connect(self.reject)
        enter_goes_to_fields(self)
        if code:
            self.load(code)
        self.receipt_edit.setFocus()

    def handle_scan(self, code: str) -> None:
        """A receipt QR scanned while the dialog is open (MainWindow.on_scan routes it here)."""
        self.load(code)

    def load(self, code: str) -> None:
        try:
            self.sale = self._till.find_sale_for_return(code)
        except Exception as exc:
            self.summary.setText(user_message(exc))
            return
        self.code = code
        self.receipt_edit.setText(self.sale.receipt_no)
        self.table.setRowCount(len(self.sale.lines))
        for r, line in enumerate(self.sale.lines):
            tick = QCheckBox()
            tick.setEnabled(line.left > 0)
            tick.toggled.connect(self.update_summary)
            self.table.setCellWidget(r, 0, tick)
            name = line.name + (f"\n{line.unit_code}" if line.unit_code else "")
            for c, text in ((1, name), (2, str(line.quantity)), (3, str(line.returned))):
                self.table.setItem(r, c, QTableWidgetItem(text))
            spin = QSpinBox()
            spin.setRange(1, max(1, line.left))
            spin.setValue(max(1, line.left))
            spin.setEnabled(line.left > 1)
            spin.valueChanged.connect(self.update_summary)
            self.table.setCellWidget(r, 4, spin)
        self.table.resizeRowsToContents()
        self.update_summary()

    def picks(self) -> dict[str, int]:
        if self.sale is None:
            return {}
        out = {}
        for r, line in enumerate(self.sale.lines):
            if self.table.cellWidget(r, 0).isChecked():
                out[line.sale_line_id] = self.table.cellWidget(r, 4).value()
        return out

    def tick(self, row: int, quantity: int | None = None) -> None:
        self.table.cellWidget(row, 0).setChecked(True)
        if quantity is not None:
            self.table.cellWidget(row, 4).setValue(quantity)

    def update_summary(self) -> None:
        self.confirm.setEnabled(False)
        if self.sale is None or not self.picks():
            self.summary.setText(_("Tick the items the customer brings back."))
            return
        try:
            total, parts = plan_refund(self.sale, self.picks(), self.to_cash.isChecked())
        except Exception as exc:
            self.summary.setText(user_message(exc))
            return
        where = ", ".join(f"{tender_label(p.kind)} {format_money(p.amount)}" for p in parts)
        self.summary.setText(
            _("Refund {amount}: {tenders}").format(amount=format_money(total), tenders=where)
        )
        self.confirm.setEnabled(True)

    def refund(self) -> None:
        approver = None
        if self.to_cash.isChecked() and not (self._till.staff and self._till.staff.is_manager):
            pin = ManagerPinDialog(self._till, _("Refund in cash instead of the original payment"),
                                   self)
            if not pin.exec() or pin.approver is None:
                return
            approver = pin.approver
        try:
            self.completed = self._till.complete_return(
                self.code, self.picks(), to_cash=self.to_cash.isChecked(), approved_by=approver
            )
        except Exception as exc:
            self.summary.setText(user_message(exc))
            return
        self.accept()

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return  # Enter belongs to the receipt field; refunding takes the button
        super().keyPressEvent(event)
