"""Taking payment: cash with change, card, WeChat Pay, Alipay (with reference), points, split.

Keyboard: F1–F4 choose the tender (F5 points, shown only when a member is attached, with what
the member can really use on this sale), type the amount (pre-filled with what is still due),
Enter adds it; once the tenders cover the total the sale is committed. While cash is the
chosen tender, F6–F9 hand over cash at once: the exact amount or the next ¥10, ¥50, ¥100
(Tab reaches those buttons too); card and the wallets show no such keys. Esc goes back.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
)

from pos_app.domain.loyalty import fen_to_points
from pos_app.domain.money import format_money, parse_yuan, yuan_text
from pos_app.domain.tenders import NEEDS_REFERENCE, Tender, TenderKind, tender_label
from pos_app.errors import PosError
from pos_app.i18n import _
from pos_app.services.checkout import CompletedSale
from pos_app.services.till import Till
from ui.dialogs.keys import enter_goes_to_fields
from ui.dialogs.pay_money import QuickCashRow, points_hint
from ui.errors import shown_errors, user_message
from ui.tasks import alive, run_task
from ui.widgets.hotkeys import with_hotkey
from ui.widgets.message_bar import MessageBar

KEYS = {TenderKind.CASH: "F1", TenderKind.CARD: "F2", TenderKind.WECHAT: "F3",
        TenderKind.ALIPAY: "F4", TenderKind.POINTS: "F5"}


class PayDialog(QDialog):
    def __init__(self, till: Till, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Payment"))
        self.setMinimumWidth(560)
        self._till = till
        self._total = till.sale.totals().total
        self.tenders: list[Tender] = []
        self.completed: CompletedSale | None = None
        self.kind = TenderKind.CASH
        self._has_member = till.sale.has_member
        self.points_label = QLabel()
        self.points_label.setObjectName("pointsOffer")
        self.points_label.setVisible(self._has_member)

        self.message = MessageBar()
        self.total_label = QLabel(format_money(self._total))
        self.total_label.setObjectName("total")
        self.due_label = QLabel()
        self.due_label.setObjectName("bigChange")
        self.kind_group = QButtonGroup(self)
        kinds = QHBoxLayout()
        for kind in KEYS:  # the sale's tenders (not store credit, a refund kind)
            button = QPushButton(with_hotkey(tender_label(kind), KEYS[kind]))
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setObjectName(f"tender_{kind.value}")
            button.clicked.connect(lambda _=False, k=kind: self.choose(k))
            if kind == TenderKind.POINTS and not self._has_member:
                button.setVisible(False)
                continue  # no member: no points button and no F5
            self.kind_group.addButton(button)
            kinds.addWidget(button)
            shortcut = QShortcut(QKeySequence(KEYS[kind]), self)
            shortcut.activated.connect(lambda k=kind: self.choose(k))
        self.amount_edit = QLineEdit()
        self.amount_edit.setObjectName("amount")
        self.reference_edit = QLineEdit()
        self.reference_edit.setObjectName("reference")
        self.tender_list = QListWidget()
        self.quick_cash = QuickCashRow(self)
        self.quick_cash.chosen.connect(self.pay_cash)
        self.add_button = QPushButton(with_hotkey(_("Add payment"), "Enter"))
        self.add_button.setObjectName("primary")
        self.cancel_button = QPushButton(with_hotkey(_("Back"), "Esc"))
        self.cancel_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        form = QFormLayout()
        form.addRow(_("Total"), self.total_label)
        form.addRow(_("Amount"), self.amount_edit)
        form.addRow(_("Reference no."), self.reference_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(kinds)
        layout.addWidget(self.points_label)
        layout.addLayout(form)
        layout.addWidget(self.quick_cash)
        layout.addWidget(self.tender_list)
        layout.addWidget(self.due_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.add_button, 1)
        layout.addLayout(buttons)

        self.amount_edit.returnPressed.connect(self.add_tender)
        self.reference_edit.returnPressed.connect(self.add_tender)
        self.add_button.clicked.connect(self.add_tender)
        self.cancel_button.clicked.connect(self.reject)
        QShortcut(QKeySequence("Del"), self.tender_list).activated.connect(self.remove_selected)
        self.choose(TenderKind.CASH)
        enter_goes_to_fields(self, primary=self.add_button)

    @property
    def paid(self) -> int:
        return sum(t.amount for t in self.tenders)

    @property
    def remaining(self) -> int:
        return max(0, self._total - self.paid)

    @property
    def paid_with_points(self) -> int:
        return sum(t.amount for t in self.tenders if t.kind == TenderKind.POINTS)

    def _points_max(self) -> int:
        """What points may still pay now (fen): min(cap left, available left, still due)."""
        offer = self._till.sale.points_offer(self.paid_with_points) if self._has_member else None
        if offer is None:
            return 0
        self.points_label.setText(points_hint(offer))
        return min(offer.max_fen, self.remaining)

    def choose(self, kind: TenderKind) -> None:
        if kind == TenderKind.POINTS and not self._has_member:
            return
        self.kind = kind
        for button in self.kind_group.buttons():
            button.setChecked(button.objectName() == f"tender_{kind.value}")
        needs_ref = kind in NEEDS_REFERENCE
        no_ref = kind in (TenderKind.CASH, TenderKind.POINTS)
        self.reference_edit.setEnabled(not no_ref)
        self.reference_edit.setPlaceholderText(
            _("required") if needs_ref else (_("optional") if not no_ref else "")
        )
        if no_ref:
            self.reference_edit.clear()
        self._refresh()

    def _refresh(self) -> None:
        points_max = self._points_max() if self._has_member else 0
        due = points_max if self.kind == TenderKind.POINTS else self.remaining
        self.amount_edit.setText(yuan_text(due))
        self.amount_edit.selectAll()
        self.amount_edit.setFocus()
        self.tender_list.clear()
        for tender in self.tenders:
            ref = f"  #{tender.reference}" if tender.reference else ""
            self.tender_list.addItem(
                f"{tender_label(tender.kind)}  {format_money(tender.amount)}{ref}"
            )
        self.due_label.setText(_("Still due: {amount}").format(amount=format_money(self.remaining)))
        # Notes are handed over only in cash: a card or wallet tender shows no quick-cash keys.
        self.quick_cash.show_for(self.remaining if self.kind == TenderKind.CASH else 0)

    def pay_cash(self, amount: int) -> None:
        """A quick-cash button: that much cash handed over, added (and the sale finished when
        it covers the total) as if typed."""
        self.choose(TenderKind.CASH)
        self.amount_edit.setText(yuan_text(amount))
        self.add_tender()

    def add_tender(self) -> None:
        amount = parse_yuan(self.amount_edit.text())
        if amount is None:
            self.message.error(PosError("amount_invalid", text=self.amount_edit.text()).message())
            self.amount_edit.setFocus()
            return
        reference = self.reference_edit.text().strip()
        if self.kind in NEEDS_REFERENCE and not reference:
            self.message.error(
                PosError("reference_required", tender=tender_label(self.kind)).message()
            )
            self.reference_edit.setFocus()
            return
        if amount == 0 and self.paid >= self._total:
            self.finish(added=False)  # nothing (more) to pay, e.g. a fully discounted sale
            return
        if amount <= 0:
            self.message.error(PosError("tender_invalid").message())
            return
        if self.kind == TenderKind.POINTS:
            offer = self._till.sale.points_offer(self.paid_with_points)
            if offer is None:
                self.message.error(PosError("points_need_member").message())
                return
            if fen_to_points(amount) > offer.available:
                self.message.error(
                    PosError("points_insufficient", available=offer.available).message())
                return
            if amount > offer.cap_fen:
                self.message.error(PosError(
                    "points_over_cap", cap_money=format_money(offer.cap_fen),
                    cap_points=fen_to_points(offer.cap_fen)).message())
                return
            if amount > self.remaining:
                self.message.error(PosError("change_without_cash").message())
                return
        self.tenders.append(Tender(self.kind, amount, reference))
        self.reference_edit.clear()
        self.message.clear_message()
        if self.paid >= self._total:
            self.finish()
        else:
            self._refresh()

    def handle_scan(self, code: str) -> None:
        """A scanned payment code or slip number becomes the reference of a non-cash tender."""
        if self.kind in (TenderKind.CASH, TenderKind.POINTS):
            QApplication.beep()
            self.message.error(
                _("Choose card, WeChat Pay or Alipay before scanning a payment code.")
            )
            return
        self.reference_edit.setText(code.strip())
        self.add_tender()

    def remove_selected(self) -> None:
        row = self.tender_list.currentRow()
        if 0 <= row < len(self.tenders):
            del self.tenders[row]
            self._refresh()

    def finish(self, added: bool = True) -> None:
        """Commit the sale; on refusal the earlier tenders stay listed to be fixed. A sale
        with a coupon asks HQ first (up to 1.5 s): that runs off the GUI thread, as the gift
        screen does, and the dialog waits, taking no other payment meanwhile."""
        if getattr(self, "paying", False):
            return
        if self._till.sale.coupon_ids():
            self.paying = True
            self.message.info(_("Redeeming the coupon…"), 0)
            tenders = list(self.tenders)
            run_task(lambda: self._till.sale.complete(tenders), self._paid,
                     lambda exc: self._not_paid(exc, added))
            return
        with shown_errors(self.message.error) as failed:
            self.completed = self._till.sale.complete(list(self.tenders))
        if failed:
            if added and self.tenders:
                self.tenders.pop()
            self._refresh()
            return
        self.accept()

    def _paid(self, done: CompletedSale) -> None:
        self.paying = False
        if alive(self):
            self.completed = done
            self.accept()

    def _not_paid(self, exc: Exception, added: bool) -> None:
        self.paying = False
        if not alive(self):
            return
        self.message.error(user_message(exc))
        if added and self.tenders:
            self.tenders.pop()
        self._refresh()
