"""Quick guide picker: who gets the credit for a line (F6) or the whole sale (Shift+F6).

Number keys pick at once (1–9; 0 = no guide), ↑/↓ + Enter also work, so a cashier never
needs the mouse.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QDialog, QLabel, QListWidget, QListWidgetItem, QVBoxLayout

from pos_app.i18n import N_, _
from pos_app.services.context import StaffInfo

ROLE_LABELS = {"guide": N_("Guide"), "manager": N_("Manager")}
ROLE = Qt.ItemDataRole.UserRole


class GuidePickerDialog(QDialog):
    def __init__(
        self, guides: list[StaffInfo], current: str | None, whole_sale: bool, parent=None
    ) -> None:
        super().__init__(parent)
        title = _("Guide for the whole sale") if whole_sale else _("Guide for this line")
        self.setWindowTitle(title)
        self.guides = guides
        self.chosen_id: str | None = current
        self.list = QListWidget()
        none_item = QListWidgetItem(_("0  No guide"))
        none_item.setData(ROLE, None)
        self.list.addItem(none_item)
        for number, staff in enumerate(guides, start=1):
            role = _(ROLE_LABELS[staff.role]) if staff.role in ROLE_LABELS else staff.role
            label = f"{number}  {staff.name}  ({staff.code}, {role})"
            item = QListWidgetItem(label)
            item.setData(ROLE, staff.id)
            self.list.addItem(item)
            if staff.id == current:
                self.list.setCurrentItem(item)
        if self.list.currentRow() < 0:
            self.list.setCurrentRow(0)
        self.list.itemActivated.connect(lambda item: self._pick(item.data(ROLE)))
        self.list.installEventFilter(self)  # digits would otherwise start a keyboard search
        hint = _("Press a number, or ↑/↓ and Enter. Esc keeps the current guide.")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(hint))
        layout.addWidget(self.list)
        self.list.setFocus()

    def _pick(self, staff_id: str | None) -> None:
        self.chosen_id = staff_id
        self.accept()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and self._key(event):
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event) -> None:
        if not self._key(event):
            super().keyPressEvent(event)

    def _key(self, event) -> bool:
        text = event.text()
        if len(text) == 1 and text.isdigit():
            row = int(text)
            if row < self.list.count():
                self._pick(self.list.item(row).data(ROLE))
            return True
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            item = self.list.currentItem()
            if item is not None:
                self._pick(item.data(ROLE))
            return True
        return False
