"""Returns (F7, or a receipt QR scanned on the sale screen): find the sale, tick lines, refund.

The refund plan shown is the service's own (`plan_refund`), so what the cashier reads is what
gets written. Cash instead of the original payment asks for a manager's PIN.

Keyboard alone: type the receipt number (this till's short number is enough) or scan its QR,
Enter loads it and moves to the lines (Space ticks, digits or +/− set the quantity, see
`ReturnLinesTable`); Tab goes on to Refund; Enter refunds; Esc cancels.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from devices.scanner.qt_wedge import disable_input_method
from pos_app.domain.money import format_money
from pos_app.domain.permissions import Action
from pos_app.domain.tenders import tender_label
from pos_app.i18n import _
from pos_app.services.returns import CompletedReturn, ReturnableSale, plan_refund
from pos_app.services.till import Till
from ui.dialogs.keys import enter_goes_to_fields
from ui.errors import shown_errors
from ui.returns.approval import ask_manager
from ui.returns.lines_table import ReturnLinesTable
from ui.tasks import run_task
from ui.widgets.hotkeys import with_hotkey


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
        self.receipt_edit.setObjectName("receiptNo")
        disable_input_method(self.receipt_edit)
        self.receipt_edit.setPlaceholderText(
            _("Scan the receipt QR, or type its number (this till: the last digits) · Enter"))
        self.table = ReturnLinesTable()
        self.hint = QLabel(_("Space ticks a line · digits or +/− set how many · Tab, then "
                             "Enter refunds · Esc cancels"))
        self.hint.setWordWrap(True)
        self.to_cash = QCheckBox(_("Refund in cash (manager)"))
        # a coupon sale's coupon stays redeemed unless a manager says otherwise (issue 17)
        self.revive = QCheckBox(_("Let the customer use this sale's coupon again (manager)"))
        self.revive.setVisible(False)
        self.origin = QLabel()
        self.origin.setObjectName("returnOrigin")
        self.origin.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setObjectName("returnSummary")
        self.summary.setWordWrap(True)
        self.confirm = QPushButton(with_hotkey(_("Refund"), "Enter"))
        self.confirm.setObjectName("primary")
        self.cancel = QPushButton(with_hotkey(_("Cancel"), "Esc"))
        row = QHBoxLayout()
        row.addWidget(self.receipt_edit, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.origin)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)
        layout.addWidget(self.to_cash)
        layout.addWidget(self.revive)
        layout.addWidget(self.summary)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel)
        buttons.addWidget(self.confirm)
        layout.addLayout(buttons)
        for before, after in ((self.receipt_edit, self.table), (self.table, self.confirm),
                              (self.confirm, self.to_cash), (self.to_cash, self.cancel)):
            QWidget.setTabOrder(before, after)
        self.receipt_edit.returnPressed.connect(lambda: self.load(self.receipt_edit.text()))
        self.table.picks_changed.connect(self.update_summary)
        self.to_cash.toggled.connect(self.update_summary)
        self.confirm.clicked.connect(self.refund)
        self.cancel.clicked.connect(self.reject)
        enter_goes_to_fields(self, primary=self.confirm)
        self.update_summary()
        self.receipt_edit.setFocus()
        if code:
            self.load(code)

    def handle_scan(self, code: str) -> None:
        """A receipt QR scanned while the dialog is open (MainWindow.on_scan routes it here)."""
        self.load(code)

    def load(self, code: str) -> None:
        """Paired with HQ, the look-up asks HQ (another till's receipt, or what other tills
        returned of this one): off the GUI thread, the dialog says it is asking."""
        if not code.strip():
            return
        if self._till.returns.asks_hq():
            self.summary.setText(_("Looking the receipt up at HQ…"))
            self.receipt_edit.setEnabled(False)
            run_task(lambda: self._till.returns.find_sale(code),
                     lambda sale: self._loaded(code, sale), self._not_loaded)
            return
        with shown_errors(self.summary.setText) as failed:
            sale = self._till.returns.find_sale(code)
        if failed:
            self._not_loaded(None)
            return
        self._loaded(code, sale)

    def _not_loaded(self, exc: Exception | None) -> None:
        if exc is not None:
            with shown_errors(self.summary.setText):
                raise exc
        self.receipt_edit.setEnabled(True)
        self.receipt_edit.selectAll()
        self.receipt_edit.setFocus()

    def _loaded(self, code: str, sale: ReturnableSale) -> None:
        self.receipt_edit.setEnabled(True)
        self.sale = sale
        self.code = code
        self.revive.setChecked(False)
        self.revive.setVisible(bool(sale.coupon_ids))
        # paid in cash only (or nothing left to give back to a card): the refund is cash
        # anyway, so there is nothing for a manager to allow (tester 20 #8)
        self.to_cash.setChecked(False)
        self.to_cash.setVisible(any(p.kind != "cash" for p in sale.refundable))
        self.receipt_edit.setText(sale.receipt_no)
        self.origin.setText(_origin_text(sale, self._till.returns.asks_hq()))
        self.table.show_lines(sale.lines)
        self.table.setFocus()
        self.update_summary()

    def _to_cash(self) -> bool:
        """The cash box is ticked and offered (a cash sale's is hidden)."""
        return self.to_cash.isVisibleTo(self) and self.to_cash.isChecked()

    def picks(self) -> dict[str, int]:
        return self.table.picks() if self.sale is not None else {}

    def tick(self, row: int, quantity: int | None = None) -> None:
        self.table.set_ticked(row, True)
        if quantity is not None:
            self.table.set_quantity(row, quantity)

    def update_summary(self) -> None:
        self.confirm.setEnabled(False)
        if self.sale is None:
            self.summary.setText(_("Type or scan the receipt first."))
            return
        if not self.picks():
            self.summary.setText(_("Tick the items the customer brings back."))
            return
        with shown_errors(self.summary.setText) as failed:
            total, parts = plan_refund(self.sale, self.picks(), self._to_cash())
        if failed:
            return
        where = ", ".join(f"{tender_label(p.kind)} {format_money(p.amount)}" for p in parts)
        self.summary.setText(
            _("Refund {amount}: {tenders}").format(amount=format_money(total), tenders=where)
        )
        self.confirm.setEnabled(True)

    def refund(self) -> None:
        if self.sale is None or not self.picks():
            return
        approval = None
        if self._to_cash() and not self._till.may(Action.REFUND_TO_CASH):
            with shown_errors(self.summary.setText) as failed:
                asked = self._till.returns.cash_refund_ask(self.sale, self.picks())
                _total, parts = plan_refund(self.sale, self.picks(), to_cash=False)
            if failed:
                return
            instead = ", ".join(f"{tender_label(p.kind)} {format_money(p.amount)}"
                                for p in parts if p.kind != "cash")
            approval = ask_manager(self._till, asked, self, _(
                "Refund {amount} in cash instead of back to: {tenders}").format(
                    amount=format_money(asked.after or 0), tenders=instead))
            if approval is None:
                return
        revive = self.revive.isVisibleTo(self) and self.revive.isChecked()
        revive_by = None
        if revive and not self._till.may(Action.REVIVE_COUPON):
            revive_by = ask_manager(self._till, self._till.returns.revive_ask(self.sale), self,
                                    _("Let the customer use this sale's coupon again"))
            if revive_by is None:
                return
        picks, to_cash = self.picks(), self._to_cash()

        def complete() -> CompletedReturn:
            return self._till.returns.complete(
                self.code, picks, to_cash=to_cash, approved_by=approval,
                revive_coupon=revive, revive_by=revive_by)

        if self._till.returns.asks_hq():  # HQ is asked first: off the GUI thread
            self.confirm.setEnabled(False)
            self.summary.setText(_("Saving the return…"))
            run_task(complete, self._done, self._not_done)
            return
        with shown_errors(self.summary.setText) as failed:
            done = complete()
        if not failed:
            self._done(done)

    def _done(self, done: CompletedReturn) -> None:
        self.completed = done
        self.accept()

    def _not_done(self, exc: Exception) -> None:
        with shown_errors(self.summary.setText):
            raise exc
        self.confirm.setEnabled(True)


def _origin_text(sale: ReturnableSale, paired: bool) -> str:
    """Where the figures come from: another till's sale (HQ's), or this till's rows alone."""
    if sale.kind == "other_till":
        return _("A receipt of another till, looked up at HQ.")
    if paired and not sale.hq_checked:
        return _("HQ is not reachable: returns of this sale at other tills are not counted "
                 "here; HQ checks this return when it arrives.")
    return ""
