"""The manager's coupon reconciliation for this store (issue 17 item 6): HQ's rows per
campaign and guide, and every mismatch of gifts handed out = coupons redeemed = units gifted.

Opened from the gift-redemption screen (Ctrl+K, managers: Action.SEE_CAMPAIGN_ROI, the same
right as HQ's campaign figures); asked off the GUI thread; offline it says, translated, that
the report needs HQ, and keeps its Refresh.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QListWidget, QWidget

from pos_app.i18n import N_, _
from pos_app.services.coupons.reconciliation import CouponReconciliationService
from sync.contract.coupons_api import CouponReconciliation, ReconRow
from ui.dialogs.hq_report import HqReportDialog

HEADERS = (N_("Campaign"), N_("Guide"), N_("Issued"), N_("Claimed"), N_("Redeemed online"),
           N_("Redeemed offline"), N_("Conflicts"), N_("Gifts handed out"),
           N_("Units gifted"), N_("Balanced"))


def cells(row: ReconRow, guides: dict[str, str]) -> tuple[str, ...]:
    guide = guides.get(row.guide_id or "", row.guide_id or "—")
    return (row.campaign_name or row.campaign_id, guide, str(row.issued), str(row.claimed),
            str(row.redeemed_online), str(row.redeemed_offline), str(row.conflicts),
            str(row.gifts_handed_out), str(row.units_gifted), "✓" if row.balanced else "✗")


class CouponReconciliationDialog(HqReportDialog):
    def __init__(self, service: CouponReconciliationService, guides: dict[str, str],
                 parent: QWidget | None = None) -> None:
        mismatches = QListWidget()
        super().__init__(service.report, title=_("Coupon reconciliation"), headers=HEADERS,
                         height=480,
                         asking=N_("Asking HQ for this store's coupon reconciliation…"),
                         table_stretch=3, below=((QLabel(_("Mismatches")), 0), (mismatches, 1)),
                         parent=parent)
        self._service = service
        self._guides = guides  # staff id → name
        self.mismatches = mismatches
        self.load()

    def show_report(self, report: CouponReconciliation) -> None:
        self.fill_table(cells(row, self._guides) for row in report.rows)
        self.mismatches.clear()
        for m in report.mismatches:
            guide = self._guides.get(m.guide_id or "", m.guide_id or "")
            self.mismatches.addItem(" · ".join(p for p in (
                m.kind, m.campaign_id, guide, m.coupon_id or "", m.unit_code or "", m.detail)
                if p))
        self.status.setText(
            _("Gifts handed out = coupons redeemed = units gifted: it balances.")
            if report.balanced else
            _("It does not balance: every mismatch is listed below."))

    def clear_report(self) -> None:
        self.mismatches.clear()
