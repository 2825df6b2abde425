"""The last buttons in the old bracketed style (26-LBL) now say their key as every other
button does ("Set quantity Enter", "Enroll new member F2"), and that key still does what the
button says; the OK-only boxes say "OK Enter" and close on Enter and on Esc; the pairing
dialog names its keys (Enter pairs, Alt+D the demo store). Real demo store, real dialogs
offscreen, real key events to whichever widget has the focus."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from pos_app.services.members import MemberService
from tests.ui.conftest import on_modal_of, wait_until
from tests.ui.demo_shop import signed_in_demo
from tests.ui.keyboard import drive, focus, key
from tests.ui.test_dialog_key_labels import ENTER, ESC, Accepted, Rejected, labelled
from ui.widgets.question import tell


@pytest.fixture
def shop(tmp_path: Path, qtbot):  # type: ignore[no-untyped-def]
    yield from signed_in_demo(tmp_path)


# --- the quantity dialog (F4) ------------------------------------------------------------
def test_set_quantity_enter_sets_and_back_esc_keeps(shop) -> None:  # type: ignore[no-untyped-def]
    from ui.dialogs.quantity import QuantityDialog

    applied: list[int] = []
    dialog = QuantityDialog("Cola 330ml", 1, applied.append)
    steps = (labelled("Set quantity Enter", "Back Esc"), "3", ENTER)
    assert drive(dialog, *steps) == Accepted
    assert applied == [3]
    dialog = QuantityDialog("Cola 330ml", 1, applied.append)
    assert drive(dialog, labelled("Set quantity Enter", "Back Esc"), "7", ESC) == Rejected
    assert applied == [3]  # Esc: the line as it was


# --- the member look-up (F11) ------------------------------------------------------------
def test_member_lookup_enroll_f2_and_profile_f5_open_their_dialogs(shop) -> None:  # type: ignore[no-untyped-def]
    from ui.dialogs.member_enroll import MemberEnrollDialog
    from ui.dialogs.member_lookup import MemberLookupDialog
    from ui.dialogs.member_profile import MemberProfileDialog

    MemberService(shop.engine, shop.till.terminal).enroll("王芳", "13800000001",
                                                          shop.till.staff)
    dialog = MemberLookupDialog(shop.till)
    opened: list[str] = []

    def seen_then_esc(name: str):  # type: ignore[no-untyped-def]
        def run(inner) -> None:  # type: ignore[no-untyped-def]
            opened.append(name)
            key(ESC)
        return run

    steps = (labelled("Enroll new member F2", "Profile F5", "Cancel Esc"),
             lambda: on_modal_of(MemberEnrollDialog, seen_then_esc("enroll")), Qt.Key.Key_F2,
             lambda: wait_until(lambda: opened == ["enroll"]),
             lambda: wait_until(lambda: QApplication.activeModalWidget() is dialog),
             lambda: dialog.query.setText("王芳"),
             lambda: wait_until(lambda: dialog.results.count() == 1),
             lambda: on_modal_of(MemberProfileDialog, seen_then_esc("profile")), Qt.Key.Key_F5,
             lambda: wait_until(lambda: opened == ["enroll", "profile"]),
             lambda: wait_until(lambda: QApplication.activeModalWidget() is dialog), ESC)
    assert drive(dialog, *steps) == Rejected
    assert dialog.chosen is None  # neither key attached anyone


# --- the OK-only boxes -------------------------------------------------------------------
@pytest.mark.parametrize("answer", [ENTER, ESC])
def test_tell_says_ok_enter_and_enter_or_esc_closes_it(qtbot, answer) -> None:  # type: ignore[no-untyped-def]
    seen: dict[str, set[str]] = {}

    def answered(box: QMessageBox) -> None:
        seen["buttons"] = {b.text() for b in box.buttons()}
        key(answer)

    on_modal_of(QMessageBox, answered)
    assert tell(None, "Pair with HQ", "S01/T01 was used before.") is None  # returned: closed
    assert seen["buttons"] == {"OK Enter"}


@pytest.mark.parametrize("answer", [ENTER, ESC])
def test_an_open_told_box_leaves_the_window_running_and_closes_by_key(qtbot, answer) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QWidget

    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    box = tell(window, "Store file damaged", "Selling is stopped.", QMessageBox.Icon.Critical,
               wait=False, name="store_damaged_box")
    assert box is not None and box.isVisible()  # returned at once, the box still up
    assert window.findChild(QMessageBox, "store_damaged_box") is box
    assert [b.text() for b in box.buttons()] == ["OK Enter"]
    box.activateWindow()
    wait_until(box.isActiveWindow)
    QTest.keyClick(focus() or box, answer)
    wait_until(lambda: window.findChild(QMessageBox, "store_damaged_box") is None)


def test_a_fatal_start_up_message_says_ok_enter(qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui.main import show_fatal

    seen: dict[str, set[str]] = {}

    def answered(box: QMessageBox) -> None:
        seen["buttons"] = {b.text() for b in box.buttons()}
        key(ENTER)

    on_modal_of(QMessageBox, answered)
    show_fatal("The store file is damaged.")
    assert seen["buttons"] == {"OK Enter"}


# --- the pairing dialog ------------------------------------------------------------------
def test_pairing_says_enter_and_alt_d_and_alt_d_opens_the_demo_from_a_field(shop) -> None:  # type: ignore[no-untyped-def]
    from pos_app.services.sync_service import SyncService
    from ui.dialogs.pairing import DEMO, PairingDialog

    dialog = PairingDialog(SyncService(shop.engine))
    steps = (labelled("Pair with HQ Enter", "Use the demo store Alt+D"),
             lambda: focus() is dialog.hq_url or pytest.fail(f"focus on {focus()!r}"),
             lambda: QTest.keyClick(focus(), Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier))
    assert drive(dialog, *steps) == DEMO
    dialog = PairingDialog(SyncService(shop.engine))
    assert drive(dialog, labelled("Pair with HQ Enter"), ESC) == Rejected
