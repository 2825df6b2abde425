"""A member's profile: tier, points, tags, purchase history, last visit, favourites, guide.

What is shown is the service's own view for whoever is signed in: the phone comes masked
unless the viewer is a manager, and every opening is audited by the service, not here.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from pos_app.domain.money import format_money
from pos_app.i18n import _
from pos_app.services.till import Till
from ui.dialogs.keys import enter_goes_to_fields
from ui.errors import user_message
from ui.widgets.member_panel import points_text, tier_label
from ui.widgets.message_bar import MessageBar


def _when(value) -> str:
    if value is None:
        return _("never")
    return value.strftime("%Y-%m-%d") if hasattr(value, "strftime") else str(value)[:10]


class MemberProfileDialog(QDialog):
    @classmethod
    def open_for(
        cls, till: Till, member_id: str, parent, on_error: Callable[[str], None]
    ) -> None:
        """Load (and so audit) the profile, then show it; a refusal goes to `on_error`."""
        try:
            profile = till.member_profile(member_id)
        except Exception as exc:
            on_error(user_message(exc))
            return
        dialog = cls(till, profile, parent)
        dialog.exec()
        dialog.deleteLater()

    def __init__(self, till: Till, profile, parent=None) -> None:
        super().__init__(parent)
        self._till = till
        self.profile = profile
        self.setWindowTitle(_("Member profile"))
        self.resize(640, 560)
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
        add_tag = QPushButton(_("Add tag"))
        add_tag.setMinimumHeight(44)
        self.history = QTableWidget(0, 3)
        self.history.setHorizontalHeaderLabels([_("Date"), _("Receipt"), _("Total")])
        self.history.horizontalHeader().setStretchLastSection(True)
        self.history.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        close = QPushButton(_("Close"))
        close.setMinimumHeight(44)
        form = QFormLayout()
        form.addRow(_("Name"), self.name_label)
        form.addRow(_("Mobile"), self.phone_label)
        form.addRow(_("Tier"), self.tier_label)
        form.addRow(_("Points"), self.points_label)
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
        layout.addWidget(QLabel(_("Purchase history")))
        layout.addWidget(self.history, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
        self.tag_edit.returnPressed.connect(self.add_tag)
        add_tag.clicked.connect(self.add_tag)
        close.clicked.connect(self.accept)
        enter_goes_to_fields(self)
        self.show_profile(profile)
        self.tag_edit.setFocus()

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
        self.history.setRowCount(len(p.purchases))
        for r, sale in enumerate(p.purchases):
            cells = (_when(sale.created_at), sale.receipt_no, format_money(sale.total))
            for c, text in enumerate(cells):
                self.history.setItem(r, c, QTableWidgetItem(text))

    def add_tag(self) -> None:
        try:
            tags = self._till.add_member_tag(self.profile.id, self.tag_edit.text())
        except Exception as exc:
            self.message.error(user_message(exc))
            return
        self.tags_label.setText("  ".join(f"#{t}" for t in tags))
        self.message.clear_message()
        self.tag_edit.clear()

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return  # Enter belongs to the tag field
        super().keyPressEvent(event)
