"""A manager sets each guide's net sales target for a month (Action.SET_GUIDE_TARGETS):
the month, then one amount per guide; Save writes the changed ones (each audited and sent
to HQ by the service)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.money import parse_yuan, yuan_text
from pos_app.errors import PosError
from pos_app.i18n import _
from pos_app.services.kpis import KpiService
from pos_app.services.till import Till
from ui.dialogs.buttons import save_row
from ui.dialogs.keys import enter_goes_to_fields
from ui.errors import shown_errors
from ui.widgets.message_bar import MessageBar

GUIDE_ROLES = ("guide", "manager")  # who may be credited with a line, so given a target
MONTHS_BACK, MONTHS_AHEAD = 2, 3


def months_around(today: date) -> list[str]:
    """'YYYY-MM' from two months ago to three ahead (targets are set before a month)."""
    index = today.year * 12 + today.month - 1
    return [f"{i // 12:04d}-{i % 12 + 1:02d}"
            for i in range(index - MONTHS_BACK, index + MONTHS_AHEAD + 1)]


class TargetsDialog(QDialog):
    def __init__(self, kpis: KpiService, till: Till, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._kpis = kpis
        self._till = till
        self._saved: dict[str, int] = {}
        self.setObjectName("kpiTargets")
        self.setWindowTitle(_("Monthly targets"))
        self.resize(560, 520)
        self.month = QComboBox()
        self.month.setObjectName("targetMonth")
        this_month = kpis.today().start.strftime("%Y-%m")
        for month in months_around(kpis.today().start):
            self.month.addItem(month, month)
        self.month.setCurrentIndex(self.month.findData(this_month))
        self.month.currentIndexChanged.connect(self.load)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels([_("Guide"), _("Net sales target (¥)")])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setVisible(False)
        self.message = MessageBar()
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Month")))
        top.addWidget(self.month, 1)
        buttons, self.save = save_row(self, self.save_targets)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self._guides = [s for s in till.staff_list() if s.role in GUIDE_ROLES]
        self._guides.sort(key=lambda s: (s.role != "guide", s.name))
        enter_goes_to_fields(self, primary=self.save)
        self.load()
        self.table.setCurrentCell(0, 1)  # type the first guide's amount at once
        self.table.setFocus()

    def load(self) -> None:
        self._saved = self._kpis.targets(self.month.currentData())
        self.table.setRowCount(len(self._guides))
        for r, staff in enumerate(self._guides):
            name = QTableWidgetItem(staff.name)
            name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
            name.setData(Qt.ItemDataRole.UserRole, staff.id)
            fen = self._saved.get(staff.id)
            amount = QTableWidgetItem("" if fen is None else yuan_text(fen))
            amount.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(r, 0, name)
            self.table.setItem(r, 1, amount)

    def changed(self) -> dict[str, int]:
        """guide id → the new target in fen, for the rows typed over; a bad amount says so."""
        out: dict[str, int] = {}
        for r, staff in enumerate(self._guides):
            text = self.table.item(r, 1).text().strip()
            if not text:
                continue
            fen = parse_yuan(text)
            if fen is None or fen < 0:
                raise PosError("kpi_bad_target")
            if fen != self._saved.get(staff.id):
                out[staff.id] = fen
        return out

    def save_targets(self) -> None:
        with shown_errors(self.message.error) as failed:
            month = self.month.currentData()
            for guide_id, fen in self.changed().items():
                self._kpis.set_target(self._till.staff, guide_id, month, fen)
        if not failed:
            self.accept()
