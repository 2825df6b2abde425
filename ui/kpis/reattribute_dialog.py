"""A manager credits a sold line to another guide (Action.REATTRIBUTE_LINE): the receipt by
its number, the line, the guide, and why. The service writes it as a new attribution row,
audited and sent to HQ; the KPIs follow the line from then on.

The receipt is typed as at returns (the short number works); no guide is picked to start
with, so an Enter never credits whoever happens to be first (the manager, tester 9); a
returned line says so (it may still move: its return moves with it, docs/kpis.md)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.money import format_money
from pos_app.errors import PosError
from pos_app.i18n import _
from pos_app.services.kpis import KpiService, SoldLine
from pos_app.services.till import Till
from ui.dialogs.keys import enter_goes_to_fields
from ui.errors import shown_errors
from ui.kpis.targets_dialog import GUIDE_ROLES
from ui.widgets.hotkeys import with_hotkey
from ui.widgets.message_bar import MessageBar

FIND_KEY = "F3"  # the till's search key


class ReattributeDialog(QDialog):
    def __init__(self, kpis: KpiService, till: Till, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._kpis = kpis
        self._till = till
        self.lines: list[SoldLine] = []
        self.setObjectName("kpiReattribute")
        self.setWindowTitle(_("Re-attribute a sold line"))
        self.resize(760, 520)
        self._names = {s.id: s.name for s in till.staff_list()}
        self.receipt = QLineEdit()
        self.receipt.setObjectName("reattributeReceipt")
        self.receipt.setPlaceholderText(_("Receipt number"))
        self.receipt.returnPressed.connect(self.find)
        find = QPushButton(with_hotkey(_("Find"), FIND_KEY))
        find.setShortcut(FIND_KEY)  # from any field (Enter finds only in the receipt's)
        find.clicked.connect(self.find)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([_("Item"), _("Qty"), _("Net"), _("Credited to")])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.guide = QComboBox()
        self.guide.setObjectName("reattributeGuide")
        for staff in sorted((s for s in till.staff_list() if s.role in GUIDE_ROLES),
                            key=lambda s: s.name):
            self.guide.addItem(staff.name, staff.id)
        self.guide.addItem(_("No guide"), "")
        self.guide.setPlaceholderText(_("Pick the guide to credit"))
        self.guide.setCurrentIndex(-1)  # chosen, never assumed
        self.reason = QLineEdit()
        self.reason.setObjectName("reattributeReason")
        self.reason.setMaxLength(200)
        self.apply = QPushButton(with_hotkey(_("Credit the line"), "Enter"))
        self.apply.setObjectName("primary")
        self.apply.clicked.connect(self.credit)
        cancel = QPushButton(with_hotkey(_("Cancel"), "Esc"))
        cancel.clicked.connect(self.reject)
        self.message = MessageBar()
        search = QHBoxLayout()
        search.addWidget(self.receipt, 1)
        search.addWidget(find)
        form = QFormLayout()
        form.addRow(_("Credit to"), self.guide)
        form.addRow(_("Reason"), self.reason)
        buttons = QHBoxLayout()
        buttons.addWidget(cancel)
        buttons.addWidget(self.apply, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(search)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        enter_goes_to_fields(self, primary=self.apply)

    def _name(self, guide_id: str) -> str:
        return self._names.get(guide_id, guide_id[:8]) if guide_id else _("No guide")

    def find(self) -> None:
        text = self.receipt.text().strip()
        if not text:  # F3 with nothing typed: to the receipt field, to type it
            self.receipt.setFocus()
            return
        with shown_errors(self.message.error) as failed:
            self.lines = self._kpis.sold_lines(text)
            if not self.lines:
                raise PosError("sale_not_found", query=text)
        self.table.setRowCount(0 if failed else len(self.lines))
        if failed:
            return
        self.message.clear_message()
        for r, line in enumerate(self.lines):
            for c, value in enumerate((_item_text(line), str(line.quantity),
                                       format_money(line.net), self._name(line.guide_id))):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.table.selectRow(0)
        self.table.setFocus()

    def credit(self) -> None:
        row = self.table.currentRow()
        if not self.lines or row < 0:
            self.message.error(_("Find the receipt and pick a line first."))
            return
        if self.guide.currentIndex() < 0:
            self.message.error(_("Pick the guide to credit."))
            self.guide.setFocus()
            return
        with shown_errors(self.message.error) as failed:
            self._kpis.reattribute(self._till.staff, self.lines[row].sale_line_id,
                                   self.guide.currentData(), self.reason.text())
        if not failed:
            self.accept()


def _item_text(line: SoldLine) -> str:
    """The item's name, and what came back of it: a returned line must not look sold."""
    if line.fully_returned:
        return _("{name} (returned)").format(name=line.name)
    if line.returned:
        return _("{name} ({n} returned)").format(name=line.name, n=line.returned)
    return line.name
