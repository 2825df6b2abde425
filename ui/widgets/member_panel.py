"""The customer attached to the sale: name, tier, points and masked phone, with its keys.

The phone is always masked here: the sale screen faces the counter, whoever is signed in.
The panel keeps the same height with or without a member (hidden parts keep their room),
so attaching one never moves what is below it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from pos_app.domain.member_days import multiplier_text
from pos_app.domain.tiers import TIER_CODES, tier
from pos_app.i18n import _
from ui.widgets.hotkeys import set_hotkey_text

DETAIL_LINES = 3  # tier · phone, points, "not yet confirmed by HQ"


def tier_label(code: str) -> str:
    """The tier's name in the screen's language; a tier HQ added that this till does not
    know yet shows as its code."""
    return _(tier(code).label) if code in TIER_CODES else code


def points_text(balance: int, pending: int) -> str:
    """HQ's last known balance, with local deltas HQ has not confirmed shown apart."""
    if pending:
        return _("{points} points ({pending:+d} pending)").format(points=balance, pending=pending)
    return _("{points} points").format(points=balance)


def member_line(member) -> str:
    """One line per member in lists: name · tier · masked phone · points."""
    parts = [member.name, tier_label(member.tier), member.phone_masked or "",
             points_text(member.points_balance, member.pending_points)]
    if member.provisional:
        parts.append(_("not yet confirmed by HQ"))
    return "  ·  ".join(p for p in parts if p)


class MemberPanel(QWidget):
    profile_requested = Signal()
    detach_requested = Signal()
    lookup_requested = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("memberPanel")
        self.title = QLabel()
        self.name_label = QLabel()
        self.name_label.setObjectName("memberName")
        self.detail_label = QLabel()
        self.detail_label.setWordWrap(True)
        self.member_day_label = QLabel()
        self.member_day_label.setObjectName("memberDay")
        self.member_day_label.setStyleSheet("color: #b5651d; font-weight: bold;")
        self.member_day_label.hide()
        self.lookup_button = QPushButton()
        self.profile_button = QPushButton()
        self.detach_button = QPushButton()
        buttons = QGridLayout()  # two per row: the labels carry their keys and need room
        for i, button in enumerate((self.lookup_button, self.profile_button,
                                    self.detach_button)):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the scan field keeps the keys
            button.setMinimumHeight(44)
            buttons.addWidget(button, i // 2, i % 2)
        for widget in (self.profile_button, self.detach_button, self.member_day_label):
            policy = widget.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            widget.setSizePolicy(policy)
        self.detail_label.setMinimumHeight(
            self.detail_label.fontMetrics().lineSpacing() * DETAIL_LINES
        )
        self.detail_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.name_label)
        layout.addWidget(self.detail_label)
        layout.addWidget(self.member_day_label)
        layout.addLayout(buttons)
        self.lookup_button.clicked.connect(self.lookup_requested.emit)
        self.profile_button.clicked.connect(self.profile_requested.emit)
        self.detach_button.clicked.connect(self.detach_requested.emit)
        self._member = None
        self._member_day = 1000
        self.retranslate()

    def show_member_day(self, permille: int) -> None:
        """Tell the cashier the member earns faster today (the sale's multiplier)."""
        self._member_day = permille
        if permille <= 1000 or self._member is None:
            self.member_day_label.hide()
            return
        self.member_day_label.setText(_("Member day: points ×{times}")
                                      .format(times=multiplier_text(permille)))
        self.member_day_label.show()

    def show_member(self, member) -> None:
        self._member = member
        attached = member is not None
        self.profile_button.setVisible(attached)
        self.detach_button.setVisible(attached)
        if not attached:
            self.name_label.setText(_("No member"))
            self.detail_label.setText("")
            return
        self.name_label.setText(member.name)
        lines = [
            f"{tier_label(member.tier)}  ·  {member.phone_masked or ''}",
            points_text(member.points_balance, member.pending_points),
        ]
        if member.provisional:
            lines.append(_("not yet confirmed by HQ"))
        self.detail_label.setText("\n".join(lines))

    def retranslate(self) -> None:
        self.title.setText(_("Member"))
        set_hotkey_text(self.lookup_button, _("Member"), "F11")
        set_hotkey_text(self.profile_button, _("Profile"), "Ctrl+F11")
        set_hotkey_text(self.detach_button, _("Detach"), "Shift+F11")
        self.show_member(self._member)
        self.show_member_day(self._member_day)
