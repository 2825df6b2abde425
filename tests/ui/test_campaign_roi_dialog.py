"""The manager's campaign view (issue 16 item 6), real Qt widgets offscreen against a real HQ
over HTTP: a paired till's dialog shows HQ's figures for its store; with HQ gone it says,
translated, that the figures need HQ (selling unaffected); on the sale screen a manager has
the tool (Ctrl+P) and a cashier has neither the button nor the key."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from pos_app.services.promotions import CampaignRoiService
from tests.hq.server import run_hq_server
from tests.sync.roi_world import campaign_store
from tests.ui.conftest import pump, wait_until
from tests.ui.hq_report_checks import says_hq_is_gone
from tests.ui.keyboard import at_next_dialog, focus, key
from tests.ui.test_sale_flow import sign_in_by_keyboard
from ui.promotions.roi_dialog import CampaignRoiDialog


def rows(dialog: CampaignRoiDialog) -> list[list[str]]:
    t = dialog.table
    return [[t.item(r, c).text() for c in range(t.columnCount())] for r in range(t.rowCount())]


def test_the_store_figures_from_hq_then_the_offline_message(qtbot, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch):
    with run_hq_server(f"sqlite:///{tmp_path / 'hq.db'}") as hq:
        store = campaign_store(hq, tmp_path, monkeypatch, name="可乐买一送一")
        service = CampaignRoiService(store.till.engine)
        dialog = CampaignRoiDialog(service)
        qtbot.addWidget(dialog)
        wait_until(lambda: dialog.table.rowCount() == 1, 10_000)
        (row,) = rows(dialog)
        assert row[:6] == ["可乐买一送一", "2", "4", "¥7.00", "¥4.00", "-¥1.00"]
        assert row[6:8] == ["1", "1"]  # members reached, new members
        assert row[8] == "¥14.00"  # every cola of the window, nothing before it
        assert "this store" in dialog.status.text()
    # HQ is gone: the same dialog says why, in the UI's language, and keeps its Refresh
    says_hq_is_gone(dialog, ["Selling is not affected"], ["收银不受影响"])


def tap_ctrl_p() -> None:
    QTest.keyClick(focus(), Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)


def test_a_manager_opens_it_from_the_sale_screen_a_cashier_cannot(make_window):
    window, _container = make_window()
    sign_in_by_keyboard(window)  # a cashier
    assert window.sale.buttons["campaigns"].isHidden()
    tap_ctrl_p()
    pump(200)
    assert QApplication.activeModalWidget() is None


def test_a_managers_ctrl_p_shows_the_campaigns_unpaired_demo_says_why(make_window):
    window, _container = make_window()
    sign_in_by_keyboard(window, "9001", "9999")
    assert "Ctrl+P" in window.sale.buttons["campaigns"].text()
    assert window.sale.buttons["campaigns"].isVisibleTo(window)
    seen: list[str] = []

    def at_roi(dialog) -> None:
        assert isinstance(dialog, CampaignRoiDialog)
        wait_until(lambda: dialog.retry.isEnabled(), 10_000)
        seen.append(dialog.status.text())
        key(Qt.Key.Key_Escape)

    errors = at_next_dialog(at_roi)
    tap_ctrl_p()
    if errors:
        raise errors[0]
    assert seen == ["This till is not paired with HQ: the campaign figures come from HQ."]
    wait_until(lambda: focus() is window.sale.scan_edit)
