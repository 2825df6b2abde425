"""The parked sales of this till (取单, Shift+F5): pick one to resume, or drop one.

Keyboard: ↑/↓ pick, Enter resume, Del drop (asks first; a cashier then needs a manager's
PIN, as for voiding a sale), Esc cancel. Tab reaches the buttons. Times are store-local;
the member's phone is always masked (the screen faces the counter).
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from pos_app.domain.money import format_money
from pos_app.i18n import _, ngettext
from pos_app.services.parked import NeedsApproval, ParkedSale
from pos_app.services.till import Till
from ui.dialogs.manager_pin import ManagerPinDialog
from ui.errors import shown_errors
from ui.widgets.hotkeys import with_hotkey

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def local_time(moment: datetime, now: datetime | None = None) -> str:
    """'14:05' today, '11-30 14:05' on another day: the store's own clock."""
    local = moment.astimezone()
    today = (now or datetime.now().astimezone()).date()
    return local.strftime("%H:%M") if local.date() == today else local.strftime("%m-%d %H:%M")


def items_text(count: int) -> str:
    return ngettext("{n} item", "{n} items", count).format(n=count)


def join_sentences(parts: list[str]) -> str:
    """Sentences one after another: a space after English ones, none after a Chinese
    full stop (。) or other full-width closing mark."""
    out = ""
    for part in (p for p in parts if p):
        if out and not out.endswith(("。", "！", "？", "）", "：")):
            out += " "
        out += part
    return out


def member_text(sale: ParkedSale) -> str:
    return "  ".join(p for p in (sale.member_name, sale.member_phone_masked) if p)


class ParkedSalesDialog(QDialog):
    """`chosen_id` is the parked sale to resume once the dialog is accepted."""

    def __init__(self, till: Till, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Parked sales"))
        self.setMinimumWidth(640)
        self._till = till
        self.chosen_id: str | None = None
        self._sales: list[ParkedSale] = []
        self.table = QTableWidget(0, 5)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.installEventFilter(self)
        self.table.doubleClicked.connect(self.resume_selected)
        self.empty_label = QLabel(_("No sales are parked on this till."))
        self.error = QLabel()
        self.error.setObjectName("dialogError")
        self.error.setWordWrap(True)
        self.resume_button = QPushButton(with_hotkey(_("Resume"), "Enter"))
        self.drop_button = QPushButton(with_hotkey(_("Drop"), "Del"))
        cancel = QPushButton(with_hotkey(_("Cancel"), "Esc"))
        self.resume_button.clicked.connect(self.resume_selected)
        self.drop_button.clicked.connect(self.drop_selected)
        cancel.clicked.connect(self.reject)
        for button in (self.resume_button, self.drop_button, cancel):
            button.setMinimumHeight(44)
        buttons = QHBoxLayout()
        buttons.addWidget(self.resume_button)
        buttons.addWidget(self.drop_button)
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("↑/↓ pick a sale · Enter resumes it · Del drops it · "
                                  "Esc goes back")))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.reload()
        self.table.setFocus()

    def reload(self) -> None:
        with shown_errors(self.error.setText) as failed:
            self._sales = self._till.held.parked()
        if failed:
            self._sales = []
        self.table.setHorizontalHeaderLabels(
            [_("Parked at"), _("Items"), _("Total"), _("Member"), _("Parked by")]
        )
        self.table.setRowCount(len(self._sales))
        for row, sale in enumerate(self._sales):
            cells = (local_time(sale.saved_at), items_text(sale.item_count),
                     format_money(sale.total), member_text(sale), sale.parked_by)
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col in (1, 2):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, item)
        has_rows = bool(self._sales)
        self.table.setVisible(has_rows)
        self.empty_label.setVisible(not has_rows)
        self.resume_button.setEnabled(has_rows)
        self.drop_button.setEnabled(has_rows)
        if has_rows:
            self.table.selectRow(min(max(self.table.currentRow(), 0), len(self._sales) - 1))

    def selected(self) -> ParkedSale | None:
        row = self.table.currentRow()
        return self._sales[row] if 0 <= row < len(self._sales) else None

    def resume_selected(self) -> None:
        sale = self.selected()
        if sale is None:
            return
        self.chosen_id = sale.id
        self.accept()

    def drop_selected(self) -> None:
        """Asks first (Enter keeps it); thrown away only with a manager's say (audited)."""
        sale = self.selected()
        if sale is None:
            return
        box = QMessageBox(QMessageBox.Icon.Warning, _("Drop parked sale"),
                          _("Drop the sale parked at {time} ({items}, {total})? "
                            "It cannot be brought back.").format(
                              time=local_time(sale.saved_at),
                              items=items_text(sale.item_count),
                              total=format_money(sale.total)), parent=self)
        drop = box.addButton(_("Drop it"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(with_hotkey(_("Keep it"), "Esc"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.exec()
        if box.clickedButton() is not drop:
            self._keys_back()
            return
        with shown_errors(self.error.setText) as failed:
            outcome = self._till.held.drop(sale.id)
            if isinstance(outcome, NeedsApproval):
                pin = ManagerPinDialog(self._till, outcome, self)
                if not pin.exec() or pin.approval is None:
                    self._keys_back()
                    return
                self._till.held.drop(sale.id, approved_by=pin.approval)
        if failed:
            self.reload()
            return
        self.error.setText(_("Parked sale dropped."))
        self.reload()
        self._keys_back()

    def _keys_back(self) -> None:
        """After a question or the PIN prompt: the keys are the list's again."""
        self.activateWindow()
        self.table.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            if event.key() in _ENTER:
                self.resume_selected()
                return True
            if event.key() == Qt.Key.Key_Delete:
                self.drop_selected()
                return True
        return super().eventFilter(watched, event)
