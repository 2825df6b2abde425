"""The pay dialog's money helpers: quick-cash buttons and the points hint.

Kept apart from ui/dialogs/pay.py so the dialog stays about tenders; both pieces only turn
amounts (integer fen) into buttons and text.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from pos_app.domain.money import format_money
from pos_app.domain.quick_cash import QuickCash, quick_cash
from pos_app.i18n import _
from pos_app.services.loyalty import PointsOffer
from ui.widgets.hotkeys import set_hotkey_text

#: One key per kind of offer, so "¥100" is always F9 whatever else is shown.
QUICK_KEYS = {"exact": "F6", "10": "F7", "50": "F8", "100": "F9"}


def points_hint(offer: PointsOffer) -> str:
    """What the member can really use on this sale: min(points available offline, cap).

    A member with no spendable points is told so instead of being shown the cap, which
    read as if the points were there.
    """
    if offer.available <= 0:
        return _("No points to use (0 available now)")
    if offer.max_fen <= 0:
        return _("Points available: {points} · this sale's points limit is used up").format(
            points=offer.available)
    return _("Points available: {points} · this sale may use up to {amount}").format(
        points=offer.available, amount=format_money(offer.max_fen))


class _EnterButton(QPushButton):
    """A button that Enter presses too (the pay dialog's buttons are not auto-default, so
    that Enter in the amount field never adds a payment twice)."""

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.click()
            return
        super().keyPressEvent(event)


class QuickCashRow(QWidget):
    """Exact / next ¥10 / ¥50 / ¥100 for what is still due; emits the chosen fen amount."""

    chosen = Signal(int)

    def __init__(self, shortcut_parent: QWidget, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("quickCash")
        self.buttons: dict[str, QPushButton] = {}
        self._offers: dict[str, QuickCash] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for kind, key in QUICK_KEYS.items():
            button = _EnterButton()
            button.setObjectName(f"quick_{kind}")
            button.setMinimumHeight(44)
            button.clicked.connect(lambda _=False, k=kind: self._press(k))
            layout.addWidget(button)
            self.buttons[kind] = button
            shortcut = QShortcut(QKeySequence(key), shortcut_parent)
            shortcut.activated.connect(lambda k=kind: self._press(k))
        self.show_for(0)

    def show_for(self, due: int) -> None:
        """Offer the amounts for `due` fen; buttons with nothing new to offer are hidden."""
        self._offers = {offer.kind: offer for offer in quick_cash(due)}
        for kind, button in self.buttons.items():
            offer = self._offers.get(kind)
            button.setVisible(offer is not None)
            if offer is None:
                continue
            amount = format_money(offer.amount)
            label = _("Exact {amount}").format(amount=amount) if kind == "exact" else amount
            set_hotkey_text(button, label, QUICK_KEYS[kind])
        self.setVisible(bool(self._offers))

    def offers(self) -> list[QuickCash]:
        return list(self._offers.values())

    def _press(self, kind: str) -> None:
        offer = self._offers.get(kind)
        if offer is not None:  # a hidden button's key does nothing
            self.chosen.emit(offer.amount)
