"""The manager's coupon reconciliation for this store (issue 17 item 6): HQ's rows per
campaign and guide, and every mismatch of gifts handed out = coupons redeemed = units gifted.

Opened from the gift-redemption screen (Ctrl+K, managers: Action.SEE_CAMPAIGN_ROI, the same
right as HQ's campaign figures); asked off the GUI thread; offline it says, translated, that
the report needs HQ, and keeps its Refresh.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos_app.errors import PosError
from pos_app.i18n import N_, _
from pos_app.services.coupons.reconciliation import CouponReconciliationService
from sync.contract.coupons_api import CouponReconciliation, ReconRow
from ui.dialogs.keys import enter_goes_to_fields
from ui.tasks import alive, run_task

HEADERS = (N_("Campaign"), N_("Guide"), N_("Issued"), N_("Claimed"), N_("Redeemed online"),
           N_("Redeemed offline"), N_("Conflicts"), N_("Gifts handed out"),
           N_("Units gifted"), N_("Balanced"))


def cells(row: ReconRow, guides: dict[str, str]) -> tuple[str, ...]:
    guide = guides.get(row.guide_id or "", row.guide_id or "—")
    return (row.campaign_name or row.campaign_id, guide, str(row.issued), str(row.claimed),
            str(row.redeemed_online), str(row.redeemed_offline), str(row.conflicts),
            str(row.gifts_handed_out), str(row.units_gifted), "✓" if row.balanced else "✗")


class CouponReconciliationDialog(QDialog):
    def __init__(self, service: CouponReconciliationService, guides: dict[str, str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._guides = guides  # staff id → name
        self.setWindowTitle(_("Coupon reconciliation"))
        self.resize(980, 480)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels([_(h) for h in HEADERS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.mismatches = QListWidget()
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
        layout.addWidget(self.table, 3)
        layout.addWidget(QLabel(_("Mismatches")))
        layout.addWidget(self.mismatches, 1)
        layout.addLayout(buttons)
        enter_goes_to_fields(self, primary=close)
        self.load()

    def load(self) -> None:
        """Ask HQ again (off the GUI thread)."""
        self.retry.setEnabled(False)
        self.status.setText(_("Asking HQ for this store's coupon reconciliation…"))
        run_task(self._service.report, self._show, self._failed)

    def _show(self, report: CouponReconciliation) -> None:
        if not alive(self):
            return
        self.retry.setEnabled(True)
        self.table.setRowCount(len(report.rows))
        for r, row in enumerate(report.rows):
            for c, text in enumerate(cells(row, self._guides)):
                self.table.setItem(r, c, QTableWidgetItem(text))
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

    def _failed(self, exc: Exception) -> None:
        if not alive(self):
            return
        self.retry.setEnabled(True)
        self.table.setRowCount(0)
        self.mismatches.clear()
        self.status.setText(exc.message() if isinstance(exc, PosError)
                            else _("HQ's answer could not be read."))
