"""The guide's gift redemption (PRODUCT §5): scan the coupon, see whose it is and what it
gives, scan the gift unit's own code, hand the gift over with its slip.

Opened from the sale screen by Ctrl+G, or by scanning a gift coupon at the sale field (the
dialog then opens on it). Scans come here while it is open (MainWindow.on_scan hands them
to `handle_scan`); a code can also be typed and entered. The first scan is the coupon, the
next the unit: no unit code, no redemption. HQ is asked off the GUI thread (up to 1.5 s),
the slip printed after the commit; a refusal is said in the message bar and nothing is
written. Esc closes; Ctrl+N (Next coupon, once a gift is handed over) starts on the next.
"""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from devices.scanner.qt_wedge import disable_input_method
from pos_app.i18n import _
from pos_app.services.coupons import CouponView, GiftRedeemed
from pos_app.services.till import Till
from ui.coupons.reconciliation_dialog import CouponReconciliationDialog
from ui.dialogs.keys import enter_goes_to_fields
from ui.errors import shown_errors, user_message
from ui.screens.sale_keys import press_if_shown
from ui.tasks import alive, run_task
from ui.widgets.hotkeys import with_hotkey
from ui.widgets.message_bar import MessageBar
from ui.widgets.product_name import screen_name

NEXT_KEY = "Ctrl+N"


class GiftRedemptionDialog(QDialog):
    def __init__(self, till: Till, code: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._till = till
        self.coupon: CouponView | None = None
        self.redeemed: GiftRedeemed | None = None
        self.busy = False
        self.setWindowTitle(_("Gift redemption"))
        self.resize(620, 440)
        self.message = MessageBar()
        self.message.reserve_space()
        self.step = QLabel()
        self.step.setObjectName("giftStep")
        self.step.setWordWrap(True)
        self.code_edit = QLineEdit()
        self.code_edit.setObjectName("giftCode")
        disable_input_method(self.code_edit)  # codes are ASCII; an IME would hold the keys
        self.code_edit.returnPressed.connect(self._typed)
        self.member = QLabel()
        self.gift = QLabel()
        self.validity = QLabel()
        self.where = QLabel()
        self.unit = QLabel()
        facts = QFormLayout()
        for label, field in ((_("Member"), self.member), (_("Gift"), self.gift),
                             (_("Valid until"), self.validity), (_("Redeemable at"), self.where),
                             (_("Gift unit"), self.unit)):
            field.setWordWrap(True)
            facts.addRow(label, field)
        self.next_button = QPushButton(with_hotkey(_("Next coupon"), NEXT_KEY))
        self.next_button.setShortcut(NEXT_KEY)  # a disabled button (no gift yet) ignores it
        self.next_button.clicked.connect(self.reset)
        self.recon_button = QPushButton(with_hotkey(_("Reconciliation"), "Ctrl+K"))
        self.recon_button.clicked.connect(self.show_reconciliation)
        self.recon_button.setVisible(till.coupons.may_reconcile())  # managers
        recon_key = QShortcut(QKeySequence("Ctrl+K"), self)
        recon_key.activated.connect(lambda: press_if_shown(self.recon_button))
        close = QPushButton(with_hotkey(_("Close"), "Esc"))
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(close)
        buttons.addWidget(self.recon_button)
        buttons.addStretch(1)
        buttons.addWidget(self.next_button)
        # the step and its field first, at the top: the message bar (two lines reserved, so
        # nothing jumps) sits under the coupon's facts, not as an empty band above step 1
        layout = QVBoxLayout(self)
        layout.addWidget(self.step)
        layout.addWidget(self.code_edit)
        layout.addLayout(facts)
        layout.addStretch(1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        enter_goes_to_fields(self)  # Enter in the field takes the code, never closes
        self.reset()
        if code:
            self.handle_scan(code)

    def show_reconciliation(self) -> None:
        """HQ's coupon reconciliation for this store (managers)."""
        with shown_errors(self.message.error) as failed:
            service = self._till.coupons.reconciliation()
        if failed:
            return
        guides = {s.id: s.name for s in self._till.staff_list()}
        dialog = CouponReconciliationDialog(service, guides, self)
        dialog.exec()
        dialog.deleteLater()
        self.code_edit.setFocus()

    # --- the flow ------------------------------------------------------------------------
    def reset(self) -> None:
        """Back to the first step: scan a coupon."""
        self.coupon = None
        self.redeemed = None
        self._clear_facts()
        self.next_button.setEnabled(False)
        self.code_edit.clear()
        self.code_edit.setFocus()

    def _clear_facts(self) -> None:
        """Step 1 with no coupon's details up: the last member's stay out of sight."""
        for field in (self.member, self.gift, self.validity, self.where, self.unit):
            field.setText("—")
        self.step.setText(_("1. Scan the member's gift coupon."))
        self.code_edit.setPlaceholderText(_("Gift coupon, then Enter"))

    def handle_scan(self, code: str) -> None:
        """A scanner burst: the coupon first, then the gift unit."""
        code = code.strip()
        if not code or self.busy:
            return
        if self.coupon is None or self.redeemed is not None:
            self._read_coupon(code)
        else:
            self._give(code)

    def _typed(self) -> None:
        text = self.code_edit.text()
        self.code_edit.clear()
        self.handle_scan(text)

    def _read_coupon(self, code: str) -> None:
        if self.redeemed is not None:
            self.reset()
        with shown_errors(self.message.error) as failed:
            view = self._till.coupons.gift_coupon(code)
        if failed:
            return
        self.coupon = view
        self.message.clear_message()
        self.member.setText(view.member_masked or _("(not on this till)"))
        gift = screen_name(view.gift_name or "", view.gift_name_en)  # English on an English screen
        self.gift.setText(f"{gift} · {view.gift_sku}")
        until = view.payload.valid_until.astimezone()
        self.validity.setText(until.strftime("%Y-%m-%d %H:%M"))
        self.where.setText(view.store_name or _("Every store"))
        self.step.setText(_("2. Scan the gift's own unit code (一物一码) to hand it over."))
        self.code_edit.setPlaceholderText(_("Gift unit code, then Enter"))

    def _give(self, code: str) -> None:
        view = self.coupon
        assert view is not None
        with shown_errors(self.message.error) as failed:
            self._till.coupons.check_unit(view, code)  # a wrong unit: said at once
        if failed:
            return
        self.busy = True
        self.message.info(_("Redeeming…"), 0)
        run_task(lambda: self._till.coupons.give_gift(view, code), self._given, self._refused)

    def _given(self, done: GiftRedeemed) -> None:
        self.busy = False
        if not alive(self):
            return
        self.redeemed = done
        # said once, in the message bar; the screen is back at step 1 for the next coupon,
        # with the member and gift just handed over no longer shown
        self._clear_facts()
        self.next_button.setEnabled(True)
        self.message.info(_("Gift handed over: slip {slip}. Printing the gift slip…").format(
            slip=done.slip.slip_no), 0)
        run_task(lambda: self._till.coupons.print_slip(done.slip), self._printed,
                 self._not_printed)

    def _refused(self, exc: Exception) -> None:
        self.busy = False
        if alive(self):
            self.message.error(user_message(exc))

    def _printed(self, slip: object) -> None:
        if alive(self):
            self.message.info(_("Gift handed over: slip {slip}, printed. Scan the next "
                                "coupon.").format(slip=getattr(slip, "slip_no", "")), 0)

    def _not_printed(self, exc: Exception) -> None:
        if alive(self):
            self.message.error(_("Gift handed over, but the slip did not print: {why}").format(
                why=user_message(exc)))
