"""Taking payment: cash with change, card, WeChat Pay, Alipay (with reference), split.

Keyboard: F1–F4 choose the tender, type the amount (pre-filled with what is still due),
Enter adds it; once the tenders cover the total the sale is committed. Esc goes back.
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

from pos_app.domain.money import format_money, parse_yuan, yuan_text
from pos_app.domain.tenders import NEEDS_REFERENCE, Tender, TenderKind, tender_label
from pos_app.errors import PosError
from pos_app.i18n import _
from pos_app.services.checkout import CompletedSale
from pos_app.services.till import Till
from ui.dialogs.keys import enter_goes_to_fields
from ui.errors import user_message
from ui.widgets.message_bar import MessageBar

KEYS = {TenderKind.CASH: "F1", TenderKind.CARD: "F2", TenderKind.WECHAT: "F3",
        TenderKind.ALIPAY: "F4"}


class PayDialog(QDialog):
    def __init__(self, till: Till, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Payment"))
        self.setMinimumWidth(560)
        self._till = till
        self._total = till.totals().total
        self.tenders: list[Tender] = []
        self.completed: CompletedSale | None = None
        self.kind = TenderKind.CASH

        self.message = MessageBar()
        self.total_label = QLabel(format_money(self._total))
        self.total_label.setObjectName("total")
        self.due_label = QLabel()
        self.due_label.setObjectName("bigChange")
        self.kind_group = QButtonGroup(self)
        kinds = QHBoxLayout()
        for kind in TenderKind:
            button = QPushButton(f"{tender_label(kind)} ({KEYS[kind]})")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setObjectName(f"tender_{kind.value}")
            button.clicked.connect(lambda _=False, k=kind: self.choose(k))
            self.kind_group.addButton(button)
            kinds.addWidget(button)
            shortcut = QShortcut(QKeySequence(KEYS[kind]), self)
            shortcut.activated.connect(lambda k=kind: self.choose(k))
        self.amount_edit = QLineEdit()
        self.amount_edit.setObjectName("amount")
        self.reference_edit = QLineEdit()
        self.reference_edit.setObjectName("reference")
        self.tender_list = QListWidget()
        self.add_button = QPushButton(_("Add payment (Enter)"))
        self.add_button.setObjectName("primary")
        self.cancel_button = QPushButton(_("Back (Esc)"))
        self.cancel_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        form = QFormLayout()
        form.addRow(_("Total"), self.total_label)
        form.addRow(_("Amount"), self.amount_edit)
        form.addRow(_("Reference no."), self.reference_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(kinds)
        layout.addLayout(form)
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
        enter_goes_to_fields(self)

    @property
    def paid(self) -> int:
        return sum(t.amount for t in self.tenders)

    @property
    def remaining(self) -> int:
        return max(0, self._total - self.paid)

    def choose(self, kind: TenderKind) -> None:
        self.kind = kind
        for button in self.kind_group.buttons():
            button.setChecked(button.objectName() == f"tender_{kind.value}")
        needs_ref = kind in NEEDS_REFERENCE
        self.reference_edit.setEnabled(kind != TenderKind.CASH)
        self.reference_edit.setPlaceholderText(
            _("required") if needs_ref else (_("optional") if kind != TenderKind.CASH else "")
        )
        if kind == TenderKind.CASH:
            self.reference_edit.clear()
        self._refresh()

    def _refresh(self) -> None:
        self.amount_edit.setText(yuan_text(self.remaining))
        self.amount_edit.selectAll()
        self.amount_edit.setFocus()
        self.tender_list.clear()
        for tender in self.tenders:
            ref = f"  #{tender.reference}" if tender.reference else ""
            self.tender_list.addItem(
                f"{tender_label(tender.kind)}  {format_money(tender.amount)}{ref}"
            )
        self.due_label.setText(_("Still due: {amount}").format(amount=format_money(self.remaining)))

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
        self.tenders.append(Tender(self.kind, amount, reference))
        self.reference_edit.clear()
        self.message.clear_message()
        if self.paid >= self._total:
            self.finish()
        else:
            self._refresh()

    def handle_scan(self, code: str) -> None:
        """A scanned payment code or slip number becomes the reference of a non-cash tender."""
        if self.kind == TenderKind.CASH:
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
        """Commit the sale; on refusal the earlier tenders stay listed to be fixed."""
        try:
            self.completed = self._till.complete(list(self.tenders))
        except Exception as exc:
            self.message.error(user_message(exc))
            if added and self.tenders:
                self.tenders.pop()
            self._refresh()
            return
        self.accept()
