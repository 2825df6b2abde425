"""A member's profile: tier, points, tags, purchase history, last visit, favourites, guide,
open coupons.

What is shown is the service's own view for whoever is signed in: the phone comes masked
unless the viewer is a manager, and every opening is audited by the service, not here.
The history opens with this till's sales; when the till is paired, HQ's sales at every
store are fetched off the GUI thread and added (offline, a line says they are missing).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from pos_app.domain.money import format_money
from pos_app.domain.permissions import Action
from pos_app.i18n import _
from pos_app.services.till import Till
from ui.dialogs.keys import enter_goes_to_fields
from ui.errors import shown_errors, user_message
from ui.tasks import run_task, showing
from ui.widgets.hotkeys import with_hotkey
from ui.widgets.member_panel import points_text, tier_label
from ui.widgets.message_bar import MessageBar


def _when(value) -> str:
    if value is None:
        return _("never")
    if getattr(value, "tzinfo", None) is not None:
        value = value.astimezone()  # the store's own date
    return value.strftime("%Y-%m-%d") if hasattr(value, "strftime") else str(value)[:10]


def coupon_line(coupon) -> str:
    """What it gives, from what spend, until when, and its code (typed at redemption)."""
    if coupon.kind == "amount_off":
        what = _("{off} off").format(off=format_money(coupon.value))
    elif coupon.kind == "percent_off":
        what = _("{pct}% off").format(pct=f"{coupon.value // 10}.{coupon.value % 10}"
                                      .removesuffix(".0"))
    elif coupon.kind == "gift":
        what = _("gift")
    else:
        what = _("buy one get one")
    if coupon.min_spend:
        what = _("{what} over {min}").format(what=what, min=format_money(coupon.min_spend))
    return _("{title} · {what} · until {date} · {code}").format(
        title=coupon.title, what=what, date=_when(coupon.valid_until), code=coupon.code)


_FIT = QHeaderView.ResizeMode.ResizeToContents
ADD_TAG_KEY = "Alt+T"


class MemberProfileDialog(QDialog):
    @classmethod
    def open_for(
        cls, till: Till, member_id: str, parent, on_error: Callable[[str], None]
    ) -> None:
        """Load (and so audit) the profile, then show it; a refusal goes to `on_error`."""
        with shown_errors(on_error) as failed:
            profile = till.members.profile(member_id)
        if failed:
            return
        dialog = cls(till, profile, parent)
        dialog.exec()
        dialog.deleteLater()

    def __init__(self, till: Till, profile, parent=None) -> None:
        super().__init__(parent)
        self._till = till
        self.profile = profile
        self.setWindowTitle(_("Member profile"))
        self.resize(720, 720)
        self.message = MessageBar()
        self.name_label = QLabel()
        self.name_label.setObjectName("memberName")
        self.phone_label = QLabel()
        self.phone_label.setObjectName("memberPhone")
        self.tier_label = QLabel()
        self.points_label = QLabel()
        self.last_visit_label = QLabel()
        self.guide_label = QLabel()
        self.favourites_label = QLabel()
        self.favourites_label.setWordWrap(True)
        self.tags_label = QLabel()
        self.tags_label.setWordWrap(True)
        self.tag_edit = QLineEdit()
        self.tag_edit.setPlaceholderText(_("New tag · Enter"))
        add_tag = QPushButton(with_hotkey(_("Add tag"), ADD_TAG_KEY))
        add_tag.setShortcut(ADD_TAG_KEY)  # from any field: Enter elsewhere is Close's
        add_tag.setMinimumHeight(44)
        self.debt_label = QLabel()
        self.debt_label.setObjectName("memberDebt")
        self.coupons = QListWidget()
        self.coupons.setObjectName("memberCoupons")
        self.coupons.setMaximumHeight(96)
        self.history_note = QLabel()
        self.history_note.setObjectName("historyNote")
        self.history = QTableWidget(0, 4)
        self.history.setHorizontalHeaderLabels(
            [_("Date"), _("Receipt"), _("Store"), _("Total")])
        # the receipt number is what a cashier reads out to find a sale: shown whole, the
        # date and total as wide as they are, the store name takes what is left
        header = self.history.horizontalHeader()
        for column, mode in enumerate((_FIT, _FIT, QHeaderView.ResizeMode.Stretch, _FIT)):
            header.setSectionResizeMode(column, mode)
        self.history.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        close = QPushButton(with_hotkey(_("Close"), "Esc"))
        close.setMinimumHeight(44)
        form = QFormLayout()
        form.addRow(_("Name"), self.name_label)
        form.addRow(_("Mobile"), self.phone_label)
        form.addRow(_("Tier"), self.tier_label)
        form.addRow(_("Points"), self.points_label)
        form.addRow("", self.debt_label)
        form.addRow(_("Last visit"), self.last_visit_label)
        form.addRow(_("Guide"), self.guide_label)
        form.addRow(_("Favourite categories"), self.favourites_label)
        form.addRow(_("Tags"), self.tags_label)
        tag_row = QHBoxLayout()
        tag_row.addWidget(self.tag_edit, 1)
        tag_row.addWidget(add_tag)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(form)
        layout.addLayout(tag_row)
        layout.addWidget(QLabel(_("Open coupons")))
        layout.addWidget(self.coupons)
        history_head = QHBoxLayout()
        history_head.addWidget(QLabel(_("Purchase history")))
        history_head.addStretch(1)
        history_head.addWidget(self.history_note)
        layout.addLayout(history_head)
        layout.addWidget(self.history, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
        self.tag_edit.returnPressed.connect(self.add_tag)
        add_tag.clicked.connect(self.add_tag)
        close.clicked.connect(self.accept)
        enter_goes_to_fields(self, primary=close, done_when_empty=(self.tag_edit,))
        self.show_profile(profile)
        self.tag_edit.setFocus()
        self.load_hq_history()

    def show_profile(self, p) -> None:
        self.profile = p
        self.name_label.setText(p.name)
        self.phone_label.setText(p.phone_display)  # the service masked it unless a manager
        self.tier_label.setText(tier_label(p.tier))
        self.points_label.setText(points_text(p.hq_balance, p.pending))
        self.last_visit_label.setText(_when(p.last_visit))
        self.guide_label.setText(p.guide_name or _("none"))
        self.favourites_label.setText(", ".join(p.favourite_categories) or _("none yet"))
        self.tags_label.setText("  ".join(f"#{t}" for t in p.tags) or _("none"))
        owed = p.points_debt if self._till.may(Action.SEE_POINTS_DEBT) else 0
        self.debt_label.setText(
            _("Owes {points} points (overdrawn offline; see sync exceptions)")
            .format(points=owed) if owed else "")
        self.debt_label.setVisible(bool(owed))
        self.coupons.clear()
        for coupon in p.coupons:
            self.coupons.addItem(coupon_line(coupon))
        if not p.coupons:
            self.coupons.addItem(_("none"))
        self.show_history(p.purchases)

    def show_history(self, purchases) -> None:
        self.history.setRowCount(len(purchases))
        here = _("this till")
        for r, sale in enumerate(purchases):
            amount = format_money(sale.total) if not sale.returned else _(
                "{total} · returned {returned}").format(
                total=format_money(sale.total), returned=format_money(sale.returned))
            cells = (_when(sale.created_at), sale.receipt_no, sale.store_name or here, amount)
            for c, text in enumerate(cells):
                self.history.setItem(r, c, QTableWidgetItem(text))

    def load_hq_history(self) -> None:
        """Add HQ's purchases (every store) to this till's, without blocking the screen."""
        if not self._till.members.can_ask_hq():
            self.history_note.setText(_("this till only (not paired with HQ)"))
            return
        self.history_note.setText(_("asking HQ for other stores' purchases…"))
        local, member_id = list(self.profile.purchases), self.profile.id
        run_task(lambda: self._till.members.history(member_id, local),
                 self._hq_history, self._hq_history_failed)

    def _hq_history(self, purchases) -> None:
        if not showing(self):
            return
        self.history_note.setText(_("this till and HQ"))
        self.show_history(purchases)
        if purchases:  # the last visit may have been at another store
            self.last_visit_label.setText(_when(purchases[0].created_at))

    def _hq_history_failed(self, exc: Exception) -> None:
        if not showing(self):
            return
        self.history_note.setText(_("this till only: {why}").format(why=user_message(exc)))

    def add_tag(self) -> None:
        """Add the typed tag; with nothing typed (Alt+T from the history, say), go to the
        tag field to type one instead of refusing an empty tag."""
        if not self.tag_edit.text().strip():
            self.tag_edit.setFocus()
            return
        with shown_errors(self.message.error) as failed:
            tags = self._till.members.add_tag(self.profile.id, self.tag_edit.text())
        if failed:
            return
        self.tags_label.setText("  ".join(f"#{t}" for t in tags))
        self.message.clear_message()
        self.tag_edit.clear()

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return  # Enter belongs to the tag field
        super().keyPressEvent(event)
