"""Every button a cashier presses in these dialogs names the key the dialog answers to
(Enter: what Enter presses there; Esc: reject; a shortcut of the dialog's own), and that key
does what the button says. Real demo store, real dialogs offscreen, real key events."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QMessageBox, QPushButton, QWidget

from pos_app.app import build
from pos_app.domain.tenders import Tender, TenderKind
from pos_app.services.settings import Settings, save_settings
from tests.ui.conftest import on_modal_of, wait_until
from tests.ui.demo_shop import signed_in_demo
from tests.ui.keyboard import drive, focus, key, keys
from tests.ui.test_sale_flow import COLA
from ui.approvals.badge_dialog import BadgeDialog
from ui.dialogs.manager_pin import ManagerPinDialog
from ui.dialogs.member_enroll import MemberEnrollDialog
from ui.dialogs.open_shift import OpenShiftDialog
from ui.dialogs.receipt_preview import ReceiptPreviewDialog
from ui.dialogs.receive_units import ReceiveUnitsDialog
from ui.dialogs.sync_exceptions import SyncExceptionsDialog
from ui.discounts.dialog import AmountReasonDialog
from ui.kpis.reattribute_dialog import ReattributeDialog
from ui.lock.screen import LockScreen
from ui.returns.by_receipt import ReturnsDialog
from ui.returns.no_receipt import NoReceiptDialog
from ui.shifts.reprint import ZReprintDialog

ENTER, ESC = Qt.Key.Key_Return, Qt.Key.Key_Escape
Accepted, Rejected = QDialog.DialogCode.Accepted, QDialog.DialogCode.Rejected


@pytest.fixture
def shop(tmp_path: Path, qtbot):  # type: ignore[no-untyped-def]
    yield from signed_in_demo(tmp_path)


@pytest.fixture
def no_shift(tmp_path: Path, qtbot):  # type: ignore[no-untyped-def]
    """The demo store's manager signed in and no shift open: the open-shift dialog's case."""
    data_dir = tmp_path / "demo"
    save_settings(data_dir / "settings.json",
                  Settings(language="en", printer_url=f"virtual:keys-{uuid.uuid4().hex[:8]}"))
    container = build(data_dir, demo=True)
    container.till.sign_in("9001", "9999")
    assert container.till.shift is None
    yield container.till
    container.engine.dispose()


def as_manager(shop):  # type: ignore[no-untyped-def]
    shop.till.sign_out()
    shop.till.sign_in("9001", "9999")
    return shop.till


def texts(widget: QWidget) -> set[str]:
    return {b.text() for b in widget.findChildren(QPushButton) if not b.isHidden()}


def labelled(*wanted: str):  # type: ignore[no-untyped-def]
    """A step: the dialog up front shows these buttons."""
    def check() -> None:
        from PySide6.QtWidgets import QApplication

        shown = texts(QApplication.activeModalWidget())
        assert set(wanted) <= shown, shown
    return check


# --- opening a shift ---------------------------------------------------------------------
def test_open_shift_says_enter_and_f9_and_both_do_it(no_shift) -> None:  # type: ignore[no-untyped-def]
    dialog = OpenShiftDialog(no_shift, reprint=ZReprintDialog)
    reprinted: list[str] = []

    def the_reprint(reprint: QDialog) -> None:
        reprinted.append(reprint.windowTitle())
        assert {"Print Enter", "Close Esc"} <= texts(reprint)
        key(ESC)

    on_modal_of(ZReprintDialog, the_reprint)
    steps = (labelled("Open shift Enter", "Reprint a Z F9"), Qt.Key.Key_F9,
             lambda: dialog.float_edit.selectAll(), "150", ENTER)
    assert drive(dialog, *steps) == Accepted
    assert reprinted == ["Reprint a Z"]
    assert no_shift.shift is not None and no_shift.shift.opening_float == 15000


def test_open_shift_esc_still_signs_out(no_shift) -> None:  # type: ignore[no-untyped-def]
    assert drive(OpenShiftDialog(no_shift, reprint=ZReprintDialog), ESC) == Rejected
    assert no_shift.shift is None


# --- returns, approval -------------------------------------------------------------------
def test_a_return_by_receipt_refund_enter_cancel_esc(shop) -> None:  # type: ignore[no-untyped-def]
    shop.till.sale.ring(COLA)
    shop.till.sale.complete([Tender(TenderKind.CASH, 350)])
    dialog = ReturnsDialog(shop.till)
    steps = (labelled("Refund Enter", "Cancel Esc"), "1", ENTER, Qt.Key.Key_Space, ENTER)
    assert drive(dialog, *steps) == Accepted
    assert dialog.completed is not None and dialog.completed.refund_total == 350
    assert drive(ReturnsDialog(shop.till), ESC) == Rejected


def test_a_return_without_receipt_refund_enter_and_the_managers_approve_enter(shop) -> None:  # type: ignore[no-untyped-def]
    def manager(pin: ManagerPinDialog) -> None:
        assert {"Approve Enter", "Cancel Esc"} <= texts(pin)
        keys("9001")
        key(ENTER)
        keys("9999")
        key(ENTER)

    def pick_a_reason() -> None:
        QTest.keyClick(focus(), Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
        key(Qt.Key.Key_Down)
        on_modal_of(ManagerPinDialog, manager)

    dialog = NoReceiptDialog(shop.till)
    steps = (labelled("Refund Enter", "Cancel Esc"), COLA, ENTER, Qt.Key.Key_Tab, ENTER,
             lambda: len(dialog.lines) == 1 or pytest.fail("no line added"), pick_a_reason,
             ENTER)  # Enter on the reason: Refund, then the manager's approval
    assert drive(dialog, *steps) == Accepted
    assert dialog.completed is not None and dialog.completed.refund_total == 350
    assert drive(NoReceiptDialog(shop.till), ESC) == Rejected


def test_the_approvals_cancel_esc(shop) -> None:  # type: ignore[no-untyped-def]
    from pos_app.domain.permissions import Action

    dialog = ManagerPinDialog(shop.till, Action.VOID_SALE, reason="Void")
    assert drive(dialog, labelled("Approve Enter", "Cancel Esc"), ESC) == Rejected


# --- discounts, lock, badge --------------------------------------------------------------
def discount_dialog() -> AmountReasonDialog:
    return AmountReasonDialog("Sale discount", "A discount on the sale.", "Discount", 10000,
                              True)


def test_the_discount_dialogs_apply_enter_and_cancel_esc(shop) -> None:  # type: ignore[no-untyped-def]
    dialog = discount_dialog()
    steps = (labelled("Apply Enter", "Cancel Esc"), "10%", ENTER, "regular", ENTER)
    assert drive(dialog, *steps) == Accepted
    assert (dialog.amount, dialog.reason) == (1000, "regular")
    dialog = discount_dialog()
    assert drive(dialog, "5", ESC) == Rejected and dialog.amount is None


def test_the_lock_screens_unlock_enter(shop, qtbot) -> None:  # type: ignore[no-untyped-def]
    behind = QWidget()
    qtbot.addWidget(behind)
    unlocked: list[str] = []
    dialog = LockScreen(shop.till, behind, lambda who: unlocked.append(who.code))
    steps = (labelled("Unlock Enter"), ESC, lambda: dialog.isVisible() or pytest.fail("Esc"),
             "1111", ENTER)
    assert drive(dialog, *steps) == Accepted
    assert unlocked == ["1001"]


def test_the_badge_dialog_issue_enter_close_esc(shop) -> None:  # type: ignore[no-untyped-def]
    dialog = BadgeDialog(as_manager(shop))
    shown: dict[str, object] = {}

    def keep_it(box: QMessageBox) -> None:
        shown["box"] = {b.text() for b in box.buttons()}
        key(ESC)

    def issued() -> None:
        shown["token"] = dialog.token
        assert dialog.token and focus() is dialog.close_button
        assert {"Issue a new badge (revokes the old)", "Close Esc"} <= texts(dialog)
        on_modal_of(QMessageBox, keep_it)
        dialog.issue_button.setFocus()

    def kept() -> None:
        assert dialog.token == shown["token"], "issued again"
        dialog.activateWindow()  # as a window manager does once the box is gone (offscreen
        wait_until(lambda: focus() is dialog.close_button)  # does not): keys back here

    steps = (labelled("Issue a new badge Enter", "Close Esc"), ENTER, issued, ENTER, kept, ESC)
    assert drive(dialog, *steps) == Rejected
    assert "Keep this badge Esc" in shown["box"]  # type: ignore[operator]


# --- the rest ----------------------------------------------------------------------------
def test_close_esc_on_the_sync_exceptions_and_the_receipt_preview(shop) -> None:  # type: ignore[no-untyped-def]
    for dialog in (SyncExceptionsDialog([]), ReceiptPreviewDialog(["Shopfloor", "¥3.50"])):
        assert drive(dialog, labelled("Close Esc"), ESC) == Rejected


def test_enroll_receive_and_credit_enter_cancel_or_close_esc(shop) -> None:  # type: ignore[no-untyped-def]
    till = shop.till
    assert drive(MemberEnrollDialog(till), labelled("Enroll Enter", "Cancel Esc"),
                 ESC) == Rejected
    assert drive(ReattributeDialog(till.kpis, till),
                 labelled("Credit the line Enter", "Cancel Esc"), ESC) == Rejected
    as_manager(shop)  # receiving is a manager's
    assert drive(ReceiveUnitsDialog(till), labelled("Receive Enter", "Close Esc"),
                 ESC) == Rejected


# --- the questions a dialog or the sale screen asks --------------------------------------
def buttons_then(seen: dict, name: str, k: Qt.Key):  # type: ignore[no-untyped-def]
    """Answer the question box up front with `k`, having noted its buttons' labels."""
    def run(box: QMessageBox) -> None:
        seen[name] = {b.text() for b in box.buttons()}
        key(k)
    return run


def test_dropping_a_parked_sale_asks_with_keep_it_esc(shop) -> None:  # type: ignore[no-untyped-def]
    from ui.parked.dialog import ParkedSalesDialog

    shop.till.sale.ring(COLA)
    shop.till.held.park()
    seen: dict[str, set[str]] = {}
    dialog = ParkedSalesDialog(shop.till)
    asked = lambda: on_modal_of(QMessageBox, buttons_then(seen, "drop", ESC))  # noqa: E731
    assert drive(dialog, asked, Qt.Key.Key_Delete, dialog.activateWindow,
                 lambda: wait_until(lambda: focus() is dialog.table), ESC) == Rejected
    assert {"Drop it", "Keep it Esc"} <= seen["drop"] and len(shop.till.held.parked()) == 1


def test_scanned_units_not_received_ask_with_keep_scanning_esc(shop) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.test_units_and_guides import _tracked_product

    as_manager(shop)
    _sku, ean, _name = _tracked_product(shop.data_dir / "terminal.db")
    seen: dict[str, set[str]] = {}
    dialog = ReceiveUnitsDialog(shop.till)

    def kept() -> None:
        assert dialog.isVisible() and len(dialog.codes) == 1
        on_modal_of(QMessageBox, lambda box: next(
            b for b in box.buttons() if b.text() == "Close without receiving").click())
        dialog.activateWindow()  # as a window manager does once the box is gone
        wait_until(lambda: focus() is not None and dialog.isAncestorOf(focus()))

    steps = (f"(01)0{ean}(21)KB1", ENTER, lambda: on_modal_of(
        QMessageBox, buttons_then(seen, "leave", ESC)), ESC, kept, ESC)
    assert drive(dialog, *steps) == Rejected
    assert {"Close without receiving", "Keep scanning Esc"} <= seen["leave"]


def test_the_sale_screens_questions_name_their_keys(make_window) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.test_hold_and_void import TEA, ring_up
    from tests.ui.test_sale_flow import sign_in_by_keyboard
    from ui.parked.dialog import ParkedSalesDialog

    window, _container = make_window()
    sign_in_by_keyboard(window)
    ring_up(window, COLA)
    seen: dict[str, set[str]] = {}
    on_modal_of(QMessageBox, buttons_then(seen, "void", ESC))
    QTest.keyClick(focus(), Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    wait_until(lambda: "void" in seen)
    assert {"Void sale", "Keep sale Esc"} <= seen["void"]
    assert len(window.till.cart.lines) == 1  # Esc kept it
    QTest.keyClick(focus(), Qt.Key.Key_F5)
    wait_until(lambda: window.till.cart.is_empty)
    ring_up(window, TEA)
    on_modal_of(QMessageBox, buttons_then(seen, "resume", ENTER))
    on_modal_of(ParkedSalesDialog, lambda dialog: key(ENTER))
    QTest.keyClick(focus(), Qt.Key.Key_F5, Qt.KeyboardModifier.ShiftModifier)
    wait_until(lambda: [ln.product.barcode for ln in window.till.cart.lines] == [COLA])
    assert {"Park it and resume Enter", "Go back Esc"} <= seen["resume"]
