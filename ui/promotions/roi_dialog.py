"""The manager's view of what this store's campaigns earned, as HQ measured it (issue 16).

Opened from the sale screen's manager tools (its button, Ctrl+P) for whoever `till.may(
Action.SEE_CAMPAIGN_ROI)`. The figures come from HQ (pos_app.services.promotions): asked off
the GUI thread (ui/tasks.run_task) so the till never freezes on a slow line; offline, the
dialog says so in the UI's language and offers to try again. Money is shown as ¥.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from pos_app.domain.money import format_money
from pos_app.domain.permissions import Action
from pos_app.i18n import N_, _
from pos_app.services.promotions import CampaignRoiService
from sync.contract.roi_api import CampaignRoiRow
from ui.dialogs.hq_report import HqReportDialog

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


class CampaignRoiDialog(HqReportDialog):
    def __init__(self, service: CampaignRoiService, parent: QWidget | None = None) -> None:
        super().__init__(service.report, title=_("Campaigns"), headers=HEADERS, height=420,
                         asking=N_("Asking HQ for this store's campaign figures…"),
                         parent=parent)
        self._service = service
        self.load()

    def show_report(self, rows: list[CampaignRoiRow]) -> None:
        self.fill_table(cells(row) for row in rows)
        self.status.setText(
            _("Figures from HQ for this store's sales in each campaign's window.") if rows
            else _("No campaign has run at this store."))


def open_campaign_roi(window: QWidget, till: object, service: CampaignRoiService) -> None:
    """The sale screen's manager tool: only for whoever may see it (the permissions table)."""
    if not till.may(Action.SEE_CAMPAIGN_ROI):  # type: ignore[attr-defined]
        return
    CampaignRoiDialog(service, window).exec()
