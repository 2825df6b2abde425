"""A discount coupon on the sale screen (issue 17): said when applied, with what it took off,
and taken off again by Ctrl+Shift+C before payment. The banner follows the cart: below the
coupon's minimum spend it says how much is still to go, and the amount again once reached.

The coupon is priced into the lines and the Discount figure (the pricing seam); the message
bar names it and the key that removes it. The scan field would keep Ctrl+Shift+C for itself,
so the key is let past it (sale_keys.ScanFieldKeys), as the manager tools' keys are.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLineEdit, QWidget

from pos_app.domain.money import format_money
from pos_app.i18n import _
from pos_app.services.till import Till
from ui.errors import shown_errors
from ui.screens.sale_keys import ScanFieldKeys
from ui.widgets.message_bar import MessageBar

REMOVE_KEY = "Ctrl+Shift+C"


class SaleCouponActions:
    def __init__(self, screen: QWidget, edit: QLineEdit, till: Till, message: MessageBar,
                 refresh: Callable[[], None]) -> None:
        self._till = till
        self._message = message
        self._refresh = refresh
        self._banner_for: str | None = None  # the coupon the bar's banner is about
        self._banner = ""  # that banner, as shown
        ScanFieldKeys(edit, [REMOVE_KEY])
        shortcut = QShortcut(QKeySequence(REMOVE_KEY), screen)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.remove_last)

    def applied(self, coupon_id: str | None) -> None:
        self._refresh()
        self._banner_for = coupon_id
        self._banner = self._text(coupon_id)
        self._message.info(self._banner, 0)

    def follow(self) -> None:
        """After the cart changed: while the bar still shows the coupon's banner, it says
        what the coupon does now (a quantity lowered below its minimum spend, or raised
        above it again), instead of an amount it no longer takes off."""
        if self._banner_for is None or self._message.text() != self._banner:
            self._banner_for = None  # another message took the bar: nothing to follow
            return
        if self._banner_for not in self._till.sale.coupon_ids():
            self._banner_for = None
            return
        text = self._text(self._banner_for)
        if text != self._banner:
            self._banner = text
            self._message.info(text, 0)

    def _text(self, coupon_id: str | None) -> str:
        saving = self._till.sale.coupon_saving(coupon_id) if coupon_id else 0
        if saving:
            return _("Coupon applied: {amount} off. {key} removes it.").format(
                amount=format_money(saving), key=REMOVE_KEY)
        minimum, short = self._till.sale.coupon_minimum(coupon_id) if coupon_id else (0, 0)
        if short:
            return _("Coupon not in effect: it needs a spend of {minimum}, {short} to go. "
                     "{key} removes it.").format(minimum=format_money(minimum),
                                                 short=format_money(short), key=REMOVE_KEY)
        return _("Coupon applied: it takes nothing off yet (below its minimum spend). "
                 "{key} removes it.").format(key=REMOVE_KEY)

    def remove_last(self) -> None:
        """Take the last coupon scanned off the sale (nothing is written)."""
        ids = self._till.sale.coupon_ids()
        if not ids:
            self._message.info(_("No coupon is applied to this sale."), 3000)
            return
        with shown_errors(self._message.error) as failed:
            self._till.sale.remove_coupon(ids[-1])
        if failed:
            return
        self._refresh()
        self._message.info(_("Coupon removed from this sale."), 3000)
