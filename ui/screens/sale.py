"""The sale screen: scan or search, the cart, totals and the big pay button.

Keyboard: type or scan a code + Enter (``3*code`` sells three), F3 search, F4 quantity,
Del void line (scan field empty), ↑/↓ pick a line, F6 guide of the line (Shift+F6 of the
sale), F7 returns,
F12 pay, F8 last receipt preview, F9 reprint, F10 settings, Ctrl+L sign out, F11 member
(a member code scanned here attaches too), Shift+F11 detach the member, Ctrl+F11 the
member's profile, F5 park the sale (挂单), Shift+F5 resume a parked one, Ctrl+Del void
the whole sale, Ctrl+E sync exceptions, Ctrl+R receive units and Ctrl+P the campaigns'
figures (managers; sale_keys.py), Ctrl+G the guide's gift redemption (a gift coupon scanned
here opens it too; ui/coupons).
Every button shows its key (ui/widgets/hotkeys.py).
"""

from __future__ import annotations

import logging
import re

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
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
from pos_app.errors import PosError
from pos_app.i18n import _
from pos_app.services.approvals import Approval
from pos_app.services.till import (
    AddedLine,
    AppliesCoupon,
    AttachesMember,
    NeedsApproval,
    OpensGift,
    OpensReturn,
    Refused,
    Till,
)
from ui.dialogs.guide_picker import GuidePickerDialog
from ui.dialogs.manager_pin import ManagerPinDialog
from ui.dialogs.quantity import ask_quantity
from ui.discounts import void_line_asking
from ui.errors import shown_errors
from ui.parked.sale_actions import SaleHoldActions
from ui.promotions.savings_panel import CampaignSavingsPanel
from ui.screens.sale_coupon import SaleCouponActions
from ui.screens.sale_keys import MANAGER_KEYS, install_sale_keys, take_text
from ui.screens.sale_member import SaleMemberActions
from ui.widgets.button_grid import ButtonGrid
from ui.widgets.cart_table import CartTable
from ui.widgets.hotkeys import set_hotkey_text
from ui.widgets.member_panel import MemberPanel
from ui.widgets.message_bar import MessageBar
from ui.widgets.product_name import product_name

log = logging.getLogger(__name__)
# "3*" typed by the cashier, waiting for the scan it multiplies.
_QUANTITY_PREFIX = re.compile(r"\s*\d{1,4}\s*\*\s*")


def split_quantity(text: str) -> tuple[int, str]:
    """'3*6901234567892' -> (3, code); a bad quantity is reported, not guessed."""
    if "*" not in text:
        return 1, text
    qty_text, code = text.split("*", 1)
    try:
        quantity = int(qty_text.strip())
    except ValueError:
        raise PosError("invalid_quantity", quantity=qty_text.strip()) from None
    return quantity, code.strip()


class SaleScreen(SaleMemberActions, SaleHoldActions, QWidget):
    pay_requested = Signal()
    search_requested = Signal(str)
    reprint_requested = Signal()
    preview_requested = Signal()
    settings_requested = Signal()
    sign_out_requested = Signal()
    exceptions_requested = Signal()
    camera_requested = Signal()
    receive_requested = Signal()
    campaigns_requested = Signal()  # the manager's campaign ROI view
    gift_requested = Signal(str)  # the gift redemption, on a scanned gift coupon or ""
    returns_requested = Signal(str)  # a receipt code, or "" to type one
    member_requested = Signal()

    def __init__(self, till: Till, parent=None) -> None:
        super().__init__(parent)
        self._till = till
        self._names: dict[str, str] = {}  # staff id → name, for the Guide column
        self.message = MessageBar()
        self.scan_label = QLabel()
        self.scan_edit = QLineEdit()
        self.scan_edit.setObjectName("scanField")
        # Codes only: an input method here would swallow a scanner's keys. Names are
        # searched in the F3 dialog, where Chinese input works.
        disable_input_method(self.scan_edit)
        self.cart_table = CartTable()
        self.member_panel = MemberPanel()
        self.campaign_panel = CampaignSavingsPanel()  # savings per campaign, hints
        self.items_label = QLabel()
        self.subtotal_label = QLabel()
        self.discount_label = QLabel()
        self.total_caption = QLabel()
        self.total_label = QLabel()
        self.total_label.setObjectName("total")
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.pay_button = QPushButton()
        self.pay_button.setObjectName("primary")
        self.pay_button.setMinimumHeight(72)
        self.buttons = {
            name: QPushButton()
            for name in ("search", "quantity", "void", "preview", "reprint", "settings", "signout",
                         "camera", "exceptions", "receive", "campaigns", "gift")
        }

        left = QVBoxLayout()
        left.addWidget(self.message)
        scan_row = QHBoxLayout()
        scan_row.addWidget(self.scan_label)
        scan_row.addWidget(self.scan_edit, 1)
        left.addLayout(scan_row)
        left.addWidget(self.cart_table, 1)
        left.addWidget(self.campaign_panel)

        # The member on top, the total and Pay at the foot: neither moves when a member
        # comes or goes. The action buttons run along the bottom and reflow to the
        # screen's width, so none falls off at 1024×768 (ui/widgets/button_grid.py).
        right = QVBoxLayout()
        right.addWidget(self.member_panel)
        right.addStretch(1)
        for label in (self.items_label, self.subtotal_label, self.discount_label):
            right.addWidget(label)
        right.addWidget(self.total_caption)
        right.addWidget(self.total_label)
        right.addWidget(self.pay_button)
        self.button_grid = ButtonGrid()
        for button in self.buttons.values():
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.button_grid.add(button)
        self.message.reserve_space()  # a message never pushes the scan field down

        top = QHBoxLayout()
        top.addLayout(left, 3)
        top.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addWidget(self.button_grid)

        self.scan_edit.returnPressed.connect(self._entered)
        self.pay_button.clicked.connect(self.request_pay)
        self.buttons["search"].clicked.connect(
            lambda: self.search_requested.emit(take_text(self.scan_edit)))
        self.buttons["quantity"].clicked.connect(self.change_quantity)
        self.buttons["void"].clicked.connect(self.void_selected)
        self.buttons["preview"].clicked.connect(self.preview_requested.emit)
        self.buttons["reprint"].clicked.connect(self.reprint_requested.emit)
        self.buttons["settings"].clicked.connect(self.settings_requested.emit)
        self.buttons["signout"].clicked.connect(self.sign_out_requested.emit)
        self.buttons["exceptions"].clicked.connect(self.exceptions_requested.emit)
        self.buttons["camera"].clicked.connect(self.camera_requested.emit)
        self.buttons["receive"].clicked.connect(self.receive_requested.emit)
        self.buttons["receive"].setVisible(False)
        self.buttons["campaigns"].clicked.connect(self.campaigns_requested.emit)
        self.buttons["campaigns"].setVisible(False)  # managers only: show_allowed_tools
        self.buttons["gift"].clicked.connect(lambda: self.gift_requested.emit(""))
        self.member_panel.lookup_requested.connect(self.member_requested.emit)
        self.member_panel.profile_requested.connect(self.show_member_profile)
        self.member_panel.detach_requested.connect(self.detach_member)
        self.buttons["exceptions"].setVisible(False)  # managers only: show_allowed_tools
        shortcuts = {
            "F3": lambda: self.search_requested.emit(take_text(self.scan_edit)),
            "F4": self.change_quantity,
            "Del": self.void_selected,
            "F12": self.request_pay,
            "Ctrl+Return": self.request_pay,
            "F8": self.preview_requested.emit,
            "F9": self.reprint_requested.emit,
            "F10": self.settings_requested.emit,
            "Ctrl+L": self.sign_out_requested.emit,
            "F6": lambda: self.pick_guide(whole_sale=False),
            "Shift+F6": lambda: self.pick_guide(whole_sale=True),
            "F7": lambda: self.returns_requested.emit(""),
            "F2": self.camera_requested.emit,
            "F11": self.member_requested.emit,
            "Shift+F11": self.detach_member,
            "Ctrl+F11": self.show_member_profile,
            "Up": lambda: self.cart_table.move_selection(-1),
            "Down": lambda: self.cart_table.move_selection(1),
        }
        for key, slot in shortcuts.items():
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.install_hold_actions()  # F5 park, Shift+F5 resume, Ctrl+Del void sale
        install_sale_keys(self, self.scan_edit, self.buttons,  # Del past the field, Ctrl+E/R
                          refused=self.message.error)
        self.coupons = SaleCouponActions(self, self.scan_edit, till, self.message, self.refresh)
        self.retranslate()
        self.refresh()

    # --- actions -------------------------------------------------------------------------
    def _entered(self) -> None:
        text = self.scan_edit.text().strip()
        self.scan_edit.clear()
        if not text:
            return
        if any(not ch.isascii() for ch in text) or " " in text:
            self.search_requested.emit(text)
            return
        self.handle_scan(text)

    def _with_typed_quantity(self, raw: str) -> str:
        """A scan after the cashier typed `3*` sells three: the typed prefix is taken out of
        the field and put in front of the scanned code."""
        typed = self.scan_edit.text()
        if "*" in raw or not _QUANTITY_PREFIX.fullmatch(typed):
            return raw
        self.scan_edit.clear()
        return typed.replace(" ", "") + raw

    def handle_scan(self, raw: str) -> None:
        """Switch on what the scan did (pos_app/services/till/outcomes.py): a line added, a
        receipt that opens returns, a member card joining the sale, a unit unknown to this
        store that sells once a manager approves, or a refusal said in the message bar."""
        raw = self._with_typed_quantity(raw)
        with shown_errors(self.message.error) as failed:
            quantity, code = split_quantity(raw.strip())
            outcome = self._till.sale.scan(code, quantity)
            if isinstance(outcome, NeedsApproval):
                approval = self._ask_manager(outcome)
                outcome = (Refused(outcome.reason) if approval is None
                           else self._till.sale.approve(outcome, approval))
        if failed:
            self._scan_refused(failed.code or type(failed.error).__name__, raw)
            return
        match outcome:
            case AddedLine(line=line):
                self.message.info(_("Added {name} × {qty}").format(
                    name=product_name(line.product), qty=line.quantity), 3000)
                self.refresh(select_line=line.line_id)
            case OpensReturn(code=receipt_code):
                self.returns_requested.emit(receipt_code)
            case AttachesMember(code=member_code):
                self.attach_member_code(member_code)
            case OpensGift(code=coupon_code):  # opened after the scanner's key event is done
                QTimer.singleShot(0, lambda: self.gift_requested.emit(coupon_code))
            case AppliesCoupon(coupon_id=coupon_id):  # priced in; Ctrl+Shift+C removes it
                self.coupons.applied(coupon_id)
            case Refused(reason=reason) | NeedsApproval(reason=reason):
                self._scan_refused(reason.code, raw)
                self.message.error(reason.message())

    @staticmethod
    def _scan_refused(code: str, raw: str) -> None:
        # The refusal's code and the scan's length: never the code (it may be a phone).
        log.info("scan refused: %s (%d characters)", code, len(raw))
        QApplication.beep()  # silent without a sound server, harmlessly

    def add_hit(self, product) -> None:
        with shown_errors(self.message.error) as failed:
            line = self._till.sale.add(product)
        if failed:
            return
        self.refresh(select_line=line.line_id)

    def change_quantity(self) -> None:
        line_id = self.cart_table.selected_line_id()
        if line_id is None:
            return
        changed = ask_quantity(self, self._till, line_id)  # ui/dialogs/quantity.py
        self.activateWindow()  # keys (and the scanner) go back to the till, Esc or not
        self.scan_edit.setFocus()
        if changed:
            self.refresh(select_line=line_id)

    def void_selected(self) -> None:
        line_id = self.cart_table.selected_line_id()
        if line_id is None:
            return
        line = void_line_asking(self, self._till, line_id, self.message.error)  # ui/discounts
        if line is None:
            return
        self.message.info(_("Removed {name}").format(name=product_name(line.product)), 3000)
        self.refresh()

    def request_pay(self) -> None:
        if self._till.sale.is_empty:
            self.message.error(PosError("cart_empty").message())
            return
        self.pay_requested.emit()

    def _ask_manager(self, asked: NeedsApproval) -> Approval | None:
        """A manager's code and PIN for what the till asked approval of (None: cancelled)."""
        dialog = ManagerPinDialog(self._till, asked, self)
        approved = dialog.exec()
        self.activateWindow()
        return dialog.approval if approved else None

    def pick_guide(self, whole_sale: bool) -> None:
        """F6: the selected line's guide; Shift+F6: the sale's (every line, and new ones)."""
        line_id = self.cart_table.selected_line_id()
        if not whole_sale and line_id is None:
            return
        current = self._till.sale.line_guide(line_id)
        dialog = GuidePickerDialog(self._till.sale.guides(), current, whole_sale, self)
        if dialog.exec():
            if whole_sale:
                self._till.sale.set_sale_guide(dialog.chosen_id)
            else:
                self._till.sale.set_line_guide(line_id, dialog.chosen_id)
        self.activateWindow()  # keys (and the scanner) go back to the till
        self.refresh(select_line=line_id)

    def show_allowed_tools(self) -> None:
        """The buttons of what the signed-in person may do (the permissions table)."""
        self.buttons["exceptions"].setVisible(self._till.may(Action.SYNC_EXCEPTIONS))
        self.buttons["receive"].setVisible(self._till.may(Action.RECEIVE_UNITS))
        self.buttons["campaigns"].setVisible(self._till.may(Action.SEE_CAMPAIGN_ROI))

    def campaigns_changed(self) -> None:
        """Reprice what is on screen after a pull changed the campaigns (the till's pricing
        dropped its parsed rules on the same notice); never while a dialog is up, which
        keeps the keys, and the selected line stays selected."""
        if QApplication.activeModalWidget() is None and self.isVisible():
            self.refresh(select_line=self.cart_table.selected_line_id())

    # --- view ----------------------------------------------------------------------------
    def refresh(self, select_line: str | None = None) -> None:
        shown = self._till.sale.shown()  # the totals, with each campaign's saving and hints
        totals = shown.totals
        self.campaign_panel.show_sale(shown)
        if self._till.sale.guide_ids() - self._names.keys():
            self._names = {s.id: s.name for s in self._till.staff_list()}
        self.cart_table.show_totals(totals, select_line, self._names)
        self.items_label.setText(_("Items: {count}").format(count=totals.item_count))
        self.subtotal_label.setText(
            _("Subtotal: {amount}").format(amount=format_money(totals.subtotal))
        )
        self.discount_label.setText(
            _("Discount: {amount}").format(amount=format_money(totals.discount_total))
        )
        self.total_label.setText(format_money(totals.total))
        self.pay_button.setEnabled(not self._till.sale.is_empty)
        self.member_panel.show_member(self._till.sale.member)
        self.member_panel.show_member_day(self._till.sale.member_day_permille())
        self.coupons.follow()  # the coupon banner says what the coupon does now
        self.scan_edit.setFocus()

    def retranslate(self) -> None:
        self.scan_label.setText(_("Scan or type a code"))
        self.scan_edit.setPlaceholderText(_("Barcode or 3*barcode · F3 to search by name"))
        self.total_caption.setText(_("Total"))
        set_hotkey_text(self.pay_button, _("Pay"), "F12")
        labels = {  # each button shows its key (ui/widgets/hotkeys.py)
            "search": (_("Search"), "F3"),
            "quantity": (_("Quantity"), "F4"),
            "void": (_("Void line"), "Del"),
            "preview": (_("Last receipt"), "F8"),
            "reprint": (_("Reprint"), "F9"),
            "settings": (_("Settings"), "F10"),
            "signout": (_("Sign out"), "Ctrl+L"),
            "exceptions": (_("Sync exceptions"), MANAGER_KEYS["exceptions"]),
            "camera": (_("Camera scan"), "F2"),
            "receive": (_("Receive units"), MANAGER_KEYS["receive"]),
            "campaigns": (_("Campaigns"), MANAGER_KEYS["campaigns"]),
            "gift": (_("Gift redemption"), MANAGER_KEYS["gift"]),
        }
        for name, (text, key) in labels.items():
            set_hotkey_text(self.buttons[name], text, key)
        self.retranslate_hold()
        self.button_grid.relabelled()
        self.cart_table.retranslate()
        self.member_panel.retranslate()
        self.refresh()
