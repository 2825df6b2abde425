"""Every button shows its key (finding 24-16): the guide screen's and the member profile's
Close (Esc), the settings-like dialogs' Cancel (Esc) and Save (Enter, their primary), and the
shift close's Cancel (Esc) and Close shift and print Z (Enter). Real demo store, real
dialogs offscreen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QPushButton

from tests.ui.demo_shop import signed_in_demo
from ui.dialogs.buttons import save_row
from ui.dialogs.member_profile import MemberProfileDialog
from ui.kpis.my_screen import MyKpisDialog
from ui.shifts.close import ZCloseDialog


@pytest.fixture
def shop(tmp_path: Path, qtbot):  # type: ignore[no-untyped-def]
    yield from signed_in_demo(tmp_path)


def _texts(dialog: QDialog) -> set[str]:
    return {b.text() for b in dialog.findChildren(QPushButton)}


def test_save_row_names_esc_and_enter(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = QDialog()
    qtbot.addWidget(dialog)
    row, _save = save_row(dialog, lambda: None)
    dialog.setLayout(row)
    assert {"Cancel Esc", "Save Enter"} <= _texts(dialog)


def test_close_buttons_name_their_key(shop, qtbot) -> None:  # type: ignore[no-untyped-def]
    member = shop.till.members.enroll("林晓", "13712345678")
    for dialog in (MemberProfileDialog(shop.till, shop.till.members.profile(member.id)),
                   MyKpisDialog(shop.till)):
        qtbot.addWidget(dialog)
        assert "Close Esc" in _texts(dialog), type(dialog).__name__


def test_shift_close_buttons_name_their_key(shop, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = ZCloseDialog(shop.till)
    qtbot.addWidget(dialog)
    assert {"Cancel Esc", "Close shift and print Z Enter"} <= _texts(dialog)
