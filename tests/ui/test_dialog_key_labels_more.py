"""The keys given last (26-KEYS) are on their buttons and do what the buttons do: the
payment's tenders in the house's "Cash F1", keys that work from any field where Enter
works from one (Add line, Find, Add tag), Revoke, Refresh, Next coupon, the first
download's Hide, and Qt's Yes/No questions. Real demo store, real dialogs offscreen, real
key events to whichever widget has the focus."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from pos_app.domain.tenders import Tender, TenderKind
from tests.ui.conftest import on_modal_of, wait_until
from tests.ui.demo_shop import signed_in_demo
from tests.ui.keyboard import drive, focus, key
from tests.ui.test_dialog_key_labels import ENTER, ESC, Accepted, Rejected, as_manager, labelled
from tests.ui.test_sale_flow import COLA
from ui.widgets.question import ask_yes_no

CTRL, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier


@pytest.fixture
def shop(tmp_path: Path, qtbot):  # type: ignore[no-untyped-def]
    yield from signed_in_demo(tmp_path)


def chord(k: Qt.Key, modifiers: Qt.KeyboardModifier):  # type: ignore[no-untyped-def]
    """A step: `k` with `modifiers`, pressed where the focus is."""
    return lambda: QTest.keyClick(focus(), k, modifiers)


def focus_on(widget_of):  # type: ignore[no-untyped-def]
    """A step: put the focus on a field away from the one whose Enter does the job."""
    return lambda: widget_of().setFocus()


# --- 1. the payment dialog -----------------------------------------------------------------
def test_the_tenders_say_cash_f1_and_the_f_keys_choose_them(shop) -> None:  # type: ignore[no-untyped-def]
    from ui.dialogs.pay import PayDialog

    shop.till.sale.ring(COLA)
    dialog = PayDialog(shop.till)

    def is_kind(kind: TenderKind):  # type: ignore[no-untyped-def]
        return lambda: dialog.kind == kind or pytest.fail(f"{dialog.kind} chosen")

    steps = (labelled("Cash F1", "Card F2", "WeChat Pay F3", "Alipay F4", "Add payment Enter",
                      "Back Esc"),
             Qt.Key.Key_F4, is_kind(TenderKind.ALIPAY), Qt.Key.Key_F2, is_kind(TenderKind.CARD),
             Qt.Key.Key_F1, is_kind(TenderKind.CASH), ENTER)
    assert drive(dialog, *steps) == Accepted
    assert [t.kind for t in dialog.tenders] == [TenderKind.CASH]


# --- 2. keys from any field --------------------------------------------------------------
def test_add_line_alt_a_adds_from_the_quantity_where_enter_would_refund(shop) -> None:  # type: ignore[no-untyped-def]
    from ui.returns.no_receipt import NoReceiptDialog

    dialog = NoReceiptDialog(shop.till)
    steps = (labelled("Add line Alt+A", "Search F3"), COLA, ENTER,
             lambda: focus() is dialog.quantity or pytest.fail(f"focus on {focus()!r}"),
             chord(Qt.Key.Key_A, ALT), lambda: wait_until(lambda: len(dialog.lines) == 1),
             lambda: wait_until(lambda: focus() is dialog.code_edit), ESC)
    assert drive(dialog, *steps) == Rejected
    assert [line.refund for line in dialog.lines] == [350]


def test_find_f3_finds_the_receipt_from_any_field(shop) -> None:  # type: ignore[no-untyped-def]
    from ui.kpis.reattribute_dialog import ReattributeDialog

    till = shop.till
    till.sale.ring(COLA)
    sold = till.sale.complete([Tender(TenderKind.CASH, 350)])
    dialog = ReattributeDialog(till.kpis, till)
    steps = (labelled("Find F3", "Credit the line Enter"),
             Qt.Key.Key_F3, lambda: focus() is dialog.receipt or pytest.fail("F3: not there"),
             sold.receipt_no, focus_on(lambda: dialog.reason), Qt.Key.Key_F3,
             lambda: wait_until(lambda: dialog.table.rowCount() == 1), ESC)
    assert drive(dialog, *steps) == Rejected


def test_add_tag_alt_t_adds_from_the_history_where_enter_closes(shop) -> None:  # type: ignore[no-untyped-def]
    from ui.dialogs.member_profile import MemberProfileDialog

    member = shop.till.members.enroll("林晓", "13712345678")
    dialog = MemberProfileDialog(shop.till, shop.till.members.profile(member.id))
    steps = (labelled("Add tag Alt+T", "Close Esc"), "vip", focus_on(lambda: dialog.history),
             chord(Qt.Key.Key_T, ALT), lambda: wait_until(lambda: "#vip" in
                                                          dialog.tags_label.text()),
             focus_on(lambda: dialog.history), chord(Qt.Key.Key_T, ALT),  # nothing typed:
             lambda: wait_until(lambda: focus() is dialog.tag_edit), ESC)  # to the field
    drive(dialog, *steps)
    assert shop.till.members.profile(member.id).tags == ["vip"]


# --- 3. one key each ---------------------------------------------------------------------
def test_revoke_my_badges_ctrl_del(shop) -> None:  # type: ignore[no-untyped-def]
    from ui.approvals.badge_dialog import BadgeDialog

    dialog = BadgeDialog(as_manager(shop))
    steps = (labelled("Revoke my badges Ctrl+Del"), ENTER,
             lambda: dialog.token or pytest.fail("not issued"),
             chord(Qt.Key.Key_Delete, CTRL), lambda: wait_until(lambda: not dialog.token),
             lambda: "revoked" in dialog.status.text() or pytest.fail(dialog.status.text()),
             ESC)
    assert drive(dialog, *steps) == Rejected


def test_refresh_f5_asks_hq_again(shop) -> None:  # type: ignore[no-untyped-def]
    from ui.dialogs.hq_report import HqReportDialog

    class Answers(HqReportDialog):
        """The base class as both HQ reports use it: a fetch, a status line."""

        def __init__(self) -> None:
            self.asked = 0
            super().__init__(self.ask, title="Report", headers=("Row",), height=300,
                             asking="Asking HQ…")
            self.load()

        def ask(self) -> int:
            self.asked += 1
            return self.asked

        def show_report(self, report) -> None:  # type: ignore[no-untyped-def]
            self.status.setText(f"answer {report}")

    dialog = Answers()
    steps = (labelled("Refresh F5", "Close Esc"),
             lambda: wait_until(lambda: dialog.status.text() == "answer 1"), Qt.Key.Key_F5,
             lambda: wait_until(lambda: dialog.status.text() == "answer 2"), ESC)
    assert drive(dialog, *steps) == Rejected


def test_next_coupon_ctrl_n_only_once_a_gift_is_handed_over(shop) -> None:  # type: ignore[no-untyped-def]
    from ui.coupons.gift_dialog import GiftRedemptionDialog

    dialog = GiftRedemptionDialog(shop.till)
    steps = (labelled("Close Esc"), "GC-1", chord(Qt.Key.Key_N, CTRL),
             lambda: dialog.code_edit.text() == "GC-1" or pytest.fail("a disabled Ctrl+N"),
             lambda: dialog.next_button.setEnabled(True),  # as a handed-over gift leaves it
             labelled("Next coupon Ctrl+N"), chord(Qt.Key.Key_N, CTRL),
             lambda: wait_until(lambda: not dialog.next_button.isEnabled()), ESC)
    assert drive(dialog, *steps) == Rejected
    assert dialog.code_edit.text() == ""


def test_the_first_downloads_hide_ctrl_h_from_the_sale_screen(make_window) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.test_sale_flow import sign_in_by_keyboard
    from ui.widgets.download_progress import DownloadProgress

    window, _container = make_window()
    sign_in_by_keyboard(window)
    progress = DownloadProgress(window)
    progress.follow(SimpleNamespace(stream="", progress="Asking HQ…"))
    assert progress.isVisible() and progress.hide_button.text() == "Hide Ctrl+H"
    window.activateWindow()
    wait_until(lambda: window.isActiveWindow() and focus() is window.sale.scan_edit)
    QTest.keyClick(focus(), Qt.Key.Key_H, CTRL)
    wait_until(lambda: not progress.isVisible())
    assert progress.hidden_by_user and window.sale.scan_edit.text() == ""
    progress.follow(SimpleNamespace(stream="", progress="Still asking…"))
    assert not progress.isVisible()  # put away for the rest of the download


# --- 4. Qt's Yes/No question -------------------------------------------------------------
@pytest.mark.parametrize(("answer", "said_yes"), [
    (Qt.Key.Key_Y, True), (Qt.Key.Key_N, False), (ESC, False), (ENTER, False)])
def test_yes_y_no_esc_and_each_key_answers(qtbot, answer, said_yes) -> None:  # type: ignore[no-untyped-def]
    seen: dict[str, set[str]] = {}

    def answered(box: QMessageBox) -> None:
        seen["buttons"] = {b.text() for b in box.buttons()}
        key(answer)

    on_modal_of(QMessageBox, answered)
    assert ask_yes_no(None, "Close shift", "Nothing counted. Is the drawer empty?") is said_yes
    assert seen["buttons"] == {"Yes Y", "No Esc"}


def test_the_shift_closes_empty_drawer_question_is_the_labelled_one(shop) -> None:  # type: ignore[no-untyped-def]
    from ui.shifts.close import ZCloseDialog

    dialog = ZCloseDialog(shop.till)
    seen: dict[str, set[str]] = {}

    def answered(box: QMessageBox) -> None:
        seen["buttons"] = {b.text() for b in box.buttons()}
        key(Qt.Key.Key_Y)

    on_modal_of(QMessageBox, answered)
    assert dialog._empty_drawer_confirmed() and dialog.empty_confirmed
    assert seen["buttons"] == {"Yes Y", "No Esc"}
    dialog.deleteLater()


def test_a_managers_unlock_asks_yes_y_no_esc_and_esc_keeps_the_cashier(shop, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QWidget

    from ui.lock.screen import LockScreen

    behind = QWidget()
    qtbot.addWidget(behind)
    seen: dict[str, set[str]] = {}

    def answered(box: QMessageBox) -> None:
        seen["buttons"] = {b.text() for b in box.buttons()}
        key(ESC)

    dialog = LockScreen(shop.till, behind, lambda who: None)
    steps = (lambda: dialog.code_edit.setText("9001"), focus_on(lambda: dialog.pin_edit),
             "9999", lambda: on_modal_of(QMessageBox, answered), ENTER)
    assert drive(dialog, *steps) == Accepted
    assert seen["buttons"] == {"Yes Y", "No Esc"}
    assert shop.till.staff is not None and shop.till.staff.code == "1001"  # No: stays
