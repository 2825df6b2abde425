"""The manager's coupon reconciliation (issue 17 item 6), real Qt widgets offscreen against a
real HQ over HTTP: a paired till's dialog shows HQ's answer for its store; with HQ gone it
says, translated, that the report needs HQ; an unpaired till says it is not paired."""

from __future__ import annotations

from pathlib import Path

import pytest

from pos_app.services.coupons.reconciliation import CouponReconciliationService
from tests.hq.server import run_hq_server
from tests.sync.test_reprice_via_hq import campaign_till
from tests.ui.conftest import wait_until
from tests.ui.hq_report_checks import says_hq_is_gone
from ui.coupons.reconciliation_dialog import CouponReconciliationDialog


def test_hq_answers_for_this_store_then_the_offline_message(qtbot, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch):
    with run_hq_server(f"sqlite:///{tmp_path / 'hq.db'}") as hq:
        till = campaign_till(hq, tmp_path, monkeypatch)
        dialog = CouponReconciliationDialog(CouponReconciliationService(till.engine), {})
        qtbot.addWidget(dialog)
        wait_until(lambda: dialog.retry.isEnabled(), 10_000)
        assert "it balances" in dialog.status.text()  # HQ's answer: nothing redeemed yet
        assert dialog.mismatches.count() == 0
    says_hq_is_gone(dialog)  # HQ is gone: the same dialog says why, and keeps its Refresh


def test_an_unpaired_till_says_the_report_needs_hq(qtbot, world):
    dialog = CouponReconciliationDialog(CouponReconciliationService(world.engine), {})
    qtbot.addWidget(dialog)
    wait_until(lambda: dialog.retry.isEnabled())
    assert "not paired" in dialog.status.text()
