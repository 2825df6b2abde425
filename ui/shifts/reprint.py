"""Z reprint: pick a Z by its number (the latest first) and print it again, from the stored
figures, so the paper is the same bytes as the first print."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pos_app.i18n import _
from pos_app.services.till import Till
from ui.dialogs.keys import enter_goes_to_fields
from ui.errors import shown_errors
from ui.shifts.printing import print_report
from ui.widgets.hotkeys import with_hotkey
from ui.widgets.message_bar import MessageBar
from ui.widgets.print_failure import PrinterMark


class ZReprintDialog(QDialog):
    def __init__(self, till: Till, parent: QWidget | None = None,
                 mark: PrinterMark | None = None) -> None:
        super().__init__(parent)
        self._till = till
        self._mark = mark  # the status bar's: a Z printed here clears its "not printed"
        self.setWindowTitle(_("Reprint a Z"))
        self.resize(480, 460)
        self.message = MessageBar()
        self.list = QListWidget()
        self.list.setObjectName("zList")
        for z_no, _shift, closed_at in till.shifts.z_list(50):
            when = closed_at.astimezone().strftime("%Y-%m-%d %H:%M")
            item = QListWidgetItem(_("Z {number} · closed {when}").format(
                number=f"{z_no:06d}", when=when))
            item.setData(Qt.ItemDataRole.UserRole, z_no)
            self.list.addItem(item)
        empty = QLabel(_("No shift has been closed on this till yet."))
        empty.setVisible(self.list.count() == 0)
        self.print_button = QPushButton(with_hotkey(_("Print"), "Enter"))
        self.print_button.setObjectName("primary")
        self.print_button.setEnabled(self.list.count() > 0)
        close = QPushButton(with_hotkey(_("Close"), "Esc"))
        buttons = QHBoxLayout()
        buttons.addWidget(close)
        buttons.addWidget(self.print_button, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(QLabel(_("Pick a Z (↑/↓), then Enter to print it again")))
        layout.addWidget(self.list, 1)
        layout.addWidget(empty)
        layout.addLayout(buttons)
        self.print_button.clicked.connect(self.reprint)
        close.clicked.connect(self.accept)
        enter_goes_to_fields(self, primary=self.print_button)
        if self.list.count():
            self.list.setCurrentRow(0)
        self.list.setFocus()

    def reprint(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        with shown_errors(self.message.error) as failed:
            # marked COPY on the paper, and audited: who printed which Z again
            report = self._till.shifts.reprint_z(int(item.data(Qt.ItemDataRole.UserRole)))
        if not failed:
            print_report(self._till, report, self.message.info, self.message.error, self,
                         mark=self._mark)
