"""Managers' list of events HQ refused or flagged (rejected, conflict): nothing is hidden."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from pos_app.i18n import N_, _
from pos_app.services.sync_service import SyncException
from ui.dialogs.keys import enter_goes_to_fields
from ui.widgets.hotkeys import with_hotkey

HEADERS = (N_("Time"), N_("Event"), N_("Receipt"), N_("Status"), N_("Reason"))
STATUS_LABELS = {"rejected": N_("rejected"), "conflict": N_("conflict")}


class SyncExceptionsDialog(QDialog):
    def __init__(self, rows: list[SyncException], parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Sync exceptions"))
        self.resize(820, 420)
        self.table = QTableWidget(len(rows), len(HEADERS))
        self.table.setHorizontalHeaderLabels([_(h) for h in HEADERS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        for r, row in enumerate(rows):
            cells = (
                row.created_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                row.kind,
                row.receipt_no,
                _(STATUS_LABELS.get(row.status, row.status)),
                row.reason,
            )
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        summary = QLabel(
            _("{count} events need a manager's attention.").format(count=len(rows))
            if rows
            else _("No sync exceptions.")
        )
        close = QPushButton(with_hotkey(_("Close"), "Esc"))
        close.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(close)
        enter_goes_to_fields(self, primary=close)
