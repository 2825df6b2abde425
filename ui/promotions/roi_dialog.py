"""The manager's view of what this store's campaigns earned, as HQ measured it (issue 16).

Opened from the sale screen's manager tools (its button, Ctrl+P) for whoever `till.may(
Action.SEE_CAMPAIGN_ROI)`. The figures come from HQ (pos_app.services.promotions): asked off
the GUI thread (ui/tasks.run_task) so the till never freezes on a slow line; offline, the
dialog says so in the UI's language and offers to try again. Money is shown as ¥.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.money import format_money
from pos_app.domain.permissions import Action
from pos_app.errors import PosError
from pos_app.i18n import N_, _
from pos_app.services.promotions import CampaignRoiService
from sync.contract.roi_api import CampaignRoiRow
from ui.dialogs.keys import enter_goes_to_fields
from ui.tasks import alive, run_task

HEADERS = (N_("Campaign"), N_("Orders"), N_("Units"), N_("Discount given"), N_("Gift cost"),
           N_("Margin"), N_("Members reached"), N_("New members"),
           N_("Lift vs before"), N_("Lift vs holdout"))


def _money(fen: int | None) -> str:
    return "—" if fen is None else format_money(fen)


def cells(row: CampaignRoiRow) -> tuple[str, ...]:
    """One campaign's row as the table shows it."""
    return (row.name, str(row.orders), str(row.units), _money(row.discount),
            _money(row.gift_cost), _money(row.margin), str(row.members_reached),
            str(row.new_members), _money(row.incremental_vs_before),
            _money(row.incremental_vs_holdout))


class CampaignRoiDialog(QDialog):
    def __init__(self, service: CampaignRoiService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self.setWindowTitle(_("Campaigns"))
        self.resize(980, 420)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels([_(h) for h in HEADERS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.retry = QPushButton(_("Refresh"))
        self.retry.clicked.connect(self.load)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.retry)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        enter_goes_to_fields(self, primary=close)
        self.load()

    def load(self) -> None:
        """Ask HQ again (off the GUI thread)."""
        self.retry.setEnabled(False)
        self.status.setText(_("Asking HQ for this store's campaign figures…"))
        run_task(self._service.report, self._show, self._failed)

    def _show(self, rows: list[CampaignRoiRow]) -> None:
        if not alive(self):
            return
        self.retry.setEnabled(True)
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(cells(row)):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.status.setText(
            _("Figures from HQ for this store's sales in each campaign's window.") if rows
            else _("No campaign has run at this store."))

    def _failed(self, exc: Exception) -> None:
        if not alive(self):
            return
        self.retry.setEnabled(True)
        self.table.setRowCount(0)
        self.status.setText(exc.message() if isinstance(exc, PosError)
                            else _("HQ's answer could not be read."))


def open_campaign_roi(window: QWidget, till: object, service: CampaignRoiService) -> None:
    """The sale screen's manager tool: only for whoever may see it (the permissions table)."""
    if not till.may(Action.SEE_CAMPAIGN_ROI):  # type: ignore[attr-defined]
        return
    CampaignRoiDialog(service, window).exec()
