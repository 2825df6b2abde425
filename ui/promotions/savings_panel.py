"""The sale's campaigns under the cart: what each campaign saved, and "add 1 more to get …"
when a buy-X, bundle or 满减 rule is one item away.

The panel keeps one height whatever it shows (rows are reserved, empty ones blank), so a
campaign coming or going never moves anything; a long campaign name is elided, never
wrapped, so the screen never grows at 1024×768.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from pos_app.domain.money import format_money
from pos_app.i18n import _
from pos_app.services.pricing.shown import ShownSale

STYLE = ("QLabel#campaignSaving { color: #1f7a3a; font-weight: bold; }"
         "QLabel#campaignHint { color: #b5651d; font-weight: bold; }")


class ElidedLabel(QLabel):
    """One line of text, elided on the right to the width it is given."""

    def __init__(self, object_name: str) -> None:
        super().__init__()
        self.setObjectName(object_name)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)

    def sizeHint(self) -> QSize:
        """One line's height whether or not it holds text: blank rows keep their room."""
        return QSize(0, self.fontMetrics().height() + 2)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self._elide()

    def full_text(self) -> str:
        return self._full

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = max(self.width(), 40)
        self.setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight,
                                                   width))


def saving_line(shown: ShownSale) -> str:
    """"Campaign savings: 12.12 奶粉买一送一 -¥268.00 · 袜子3双90元 -¥15.00" (empty: none)."""
    if not shown.savings:
        return ""
    each = "  ·  ".join(f"{s.name} {format_money(-s.amount)}" for s in shown.savings)
    return _("Campaign savings: {campaigns}").format(campaigns=each)


class CampaignSavingsPanel(QWidget):
    """Two rows under the cart, where the width is: the savings per campaign (elided, the
    whole list in its tooltip) and the nearest hint. Both rows are always there, so the
    cart above never jumps; the right column (member, totals, Pay) has no height to spare
    at 1024×768 with the printer pane open (tests/ui/test_fit.py)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("campaignPanel")
        self.savings = ElidedLabel("campaignSaving")
        self.hint = ElidedLabel("campaignHint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.setSpacing(0)
        layout.addWidget(self.savings)
        layout.addWidget(self.hint)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setStyleSheet(STYLE)
        self._shown: ShownSale | None = None

    def show_sale(self, shown: ShownSale) -> None:
        self._shown = shown
        self.savings.set_full_text(saving_line(shown))
        self.hint.set_full_text(shown.hints[0] if shown.hints else "")

    def saving_texts(self) -> list[str]:
        """Each campaign's saving as shown, e.g. "12.12 奶粉买一送一 -¥268.00"."""
        shown = self._shown
        return [] if shown is None else [f"{s.name} {format_money(-s.amount)}"
                                         for s in shown.savings]

    def hint_texts(self) -> list[str]:
        return [self.hint.full_text()] if self.hint.full_text() else []
