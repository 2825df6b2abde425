"""The member look-up's Cancel and the blind count's Check count show their keys as every
other button does (tester 25 #3): Cancel Esc; and Enter is shown on the button Enter presses
now: Check count while the blind count is unchecked, then Close shift and print Z. Real demo
store, real dialogs offscreen, real keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QPushButton

from tests.staff import MANAGER
from tests.ui.demo_shop import signed_in_demo
from tests.ui.keyboard import drive
from ui.dialogs.member_lookup import MemberLookupDialog
from ui.shifts.close import ZCloseDialog


@pytest.fixture
def shop(tmp_path: Path, qtbot):  # type: ignore[no-untyped-def]
    yield from signed_in_demo(tmp_path)


def _texts(dialog: QDialog) -> set[str]:
    return {b.text() for b in dialog.findChildren(QPushButton) if not b.isHidden()}


def test_the_member_lookups_cancel_says_esc_and_esc_cancels(shop, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = MemberLookupDialog(shop.till)
    qtbot.addWidget(dialog)
    assert "Cancel Esc" in _texts(dialog)
    assert drive(dialog, lambda: None, Qt.Key.Key_Escape) == QDialog.DialogCode.Rejected


def test_a_blind_count_shows_enter_on_check_count_then_on_close(shop, qtbot) -> None:  # type: ignore[no-untyped-def]
    shop.settings.update(MANAGER, blind_count=True)
    dialog = ZCloseDialog(shop.till)
    qtbot.addWidget(dialog)
    assert {"Cancel Esc", "Check count Enter", "Close shift and print Z"} <= _texts(dialog)
    field = dialog.count_widget.first_field
    qtbot.keyClicks(field, "2")
    dialog.check_button.click()
    qtbot.waitUntil(lambda: dialog.checked is not None)
    assert {"Check count", "Close shift and print Z Enter"} <= _texts(dialog)


def test_a_counted_close_keeps_enter_on_close(shop, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = ZCloseDialog(shop.till)
    qtbot.addWidget(dialog)
    assert {"Cancel Esc", "Close shift and print Z Enter"} <= _texts(dialog)
    assert "Check count" not in _texts(dialog) and "Check count Enter" not in _texts(dialog)


def test_the_shift_dialogs_buttons_name_their_keys(shop, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Cash in/out, the X report and the Z reprint, as the close already does."""
    from ui.shifts.cash_move import CashMoveDialog
    from ui.shifts.report_view import ShiftReportDialog
    from ui.shifts.reprint import ZReprintDialog

    expected = {CashMoveDialog: {"Record Enter", "Cancel Esc"},
                ShiftReportDialog: {"Print Enter", "Close Esc"},
                ZReprintDialog: {"Print Enter", "Close Esc"}}
    for dialog in (CashMoveDialog(shop.till), ShiftReportDialog(shop.till,
                                                                shop.till.shifts.x_report()),
                   ZReprintDialog(shop.till)):
        qtbot.addWidget(dialog)
        assert expected[type(dialog)] <= _texts(dialog), type(dialog).__name__
