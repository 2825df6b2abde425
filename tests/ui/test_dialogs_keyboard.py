"""Every dialog of the till, done by keyboard alone: real key presses go to whichever widget
has focus (no .click(), no setText), Enter finishes, Esc cancels, Tab reaches every button.

The dialogs run over the real demo store (SQLite file, services); each opens with exec()
as in the app, and `drive` types into it while it is up. The returns dialog's whole story
is in test_returns_keyboard.py; the camera's read itself is the camera's job.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QPushButton

from pos_app.app import build
from pos_app.domain.permissions import Action
from pos_app.services.settings import Settings, save_settings
from tests.staff import MANAGER
from tests.ui.demo_shop import signed_in_demo
from tests.ui.keyboard import drive, focus, focused, key, tab_reaches_every_button

Accepted, Rejected = QDialog.DialogCode.Accepted, QDialog.DialogCode.Rejected
COLA = "6901234567892"


@pytest.fixture
def shop(tmp_path: Path, qtbot):
    """The demo store, a cashier (1001) signed in with an open shift."""
    yield from signed_in_demo(tmp_path)


# --- open shift, manager PIN, payment ------------------------------------------------------
def test_open_shift_enter_opens_it_and_esc_does_not(tmp_path, qtbot):
    from ui.dialogs.open_shift import OpenShiftDialog

    data_dir = tmp_path / "demo"
    save_settings(data_dir / "settings.json", Settings(language="en", printer_url="virtual:os"))
    container = build(data_dir, demo=True)
    till = container.till
    till.sign_in("1001", "1111")
    if till.shift is not None:
        pytest.skip("the demo store opened a shift already")
    dialog = OpenShiftDialog(till)
    assert drive(dialog, tab_reaches_every_button(dialog), Qt.Key.Key_Escape) == Rejected
    assert till.shift is None
    dialog = OpenShiftDialog(till)
    assert drive(dialog, focused(lambda: dialog.float_edit), "300", Qt.Key.Key_Return) == Accepted
    assert till.shift is not None and till.shift.opening_float == 30000
    container.engine.dispose()


def test_manager_pin_code_enter_pin_enter_approves(shop):
    from ui.dialogs.manager_pin import ManagerPinDialog

    dialog = ManagerPinDialog(shop.till, Action.VOID_SALE, reason="Void")
    result = drive(dialog, "9001", Qt.Key.Key_Return, focused(lambda: dialog.pin_edit),
                   "9999", Qt.Key.Key_Return)
    assert result == Accepted and dialog.approval is not None
    assert dialog.approval.approver.is_manager
    dialog = ManagerPinDialog(shop.till, Action.VOID_SALE, reason="Void")
    assert drive(dialog, tab_reaches_every_button(dialog), Qt.Key.Key_Escape) == Rejected
    assert dialog.approval is None


def test_a_wrong_pin_and_enter_stays_open_then_the_right_one_approves(shop):
    from ui.dialogs.manager_pin import ManagerPinDialog

    dialog = ManagerPinDialog(shop.till, Action.VOID_SALE, reason="Void")
    result = drive(dialog, "9001", Qt.Key.Key_Return, "1234", Qt.Key.Key_Return,
                   lambda: assert_visible(dialog), "9999", Qt.Key.Key_Return)
    assert result == Accepted


def assert_visible(dialog) -> None:
    assert dialog.isVisible(), "the dialog closed"


def test_pay_enter_takes_the_amount_due_in_cash_once(shop):
    from ui.dialogs.pay import PayDialog

    shop.till.sale.ring(COLA, 2)
    dialog = PayDialog(shop.till)
    assert drive(dialog, Qt.Key.Key_Return) == Accepted
    assert dialog.completed is not None and dialog.completed.total == 700
    assert [t.amount for t in dialog.tenders] == [700]  # one Enter, one payment


def test_pay_esc_goes_back_and_tab_reaches_every_button(shop):
    from ui.dialogs.pay import PayDialog

    shop.till.sale.ring(COLA)
    dialog = PayDialog(shop.till)
    assert drive(dialog, tab_reaches_every_button(dialog), Qt.Key.Key_Escape) == Rejected
    assert dialog.completed is None and len(shop.till.cart.lines) == 1


def test_pay_by_card_chosen_with_tab_and_arrows_then_enter(shop):
    from pos_app.domain.tenders import TenderKind
    from ui.dialogs.pay import PayDialog

    shop.till.sale.ring(COLA)
    dialog = PayDialog(shop.till)
    cash = dialog.findChild(QPushButton, "tender_cash")

    def to_the_cash_button() -> None:
        for _ in range(12):
            if focus() is cash:
                return
            key(Qt.Key.Key_Tab)
        raise AssertionError("Tab never reached the payment kinds")

    def card_chosen() -> None:
        assert dialog.kind == TenderKind.CARD

    # ←/→ move in the group and choose; Enter on it goes on to the amount; Enter pays.
    steps = (to_the_cash_button, Qt.Key.Key_Right, card_chosen, Qt.Key.Key_Return,
             focused(lambda: dialog.amount_edit), Qt.Key.Key_Return)
    assert drive(dialog, *steps) == Accepted
    assert [t.kind for t in dialog.tenders] == [TenderKind.CARD]


# --- finding things ------------------------------------------------------------------------
def test_search_type_then_enter_picks_the_first_hit(shop):
    from ui.dialogs.search import SearchDialog

    dialog = SearchDialog(shop.till)
    assert drive(dialog, focused(lambda: dialog.query), "Coca", Qt.Key.Key_Return) == Accepted
    assert dialog.chosen is not None
    dialog = SearchDialog(shop.till, "Coca")
    steps = (Qt.Key.Key_Tab, focused(lambda: dialog.results), Qt.Key.Key_Return)
    assert drive(dialog, *steps) == Accepted  # Tab to the list, Enter on the hit


def test_search_esc_cancels(shop):
    from ui.dialogs.search import SearchDialog

    dialog = SearchDialog(shop.till, "Coca")
    assert drive(dialog, Qt.Key.Key_Tab, Qt.Key.Key_Escape) == Rejected
    assert dialog.chosen is None


def test_guide_picker_number_or_enter_picks_and_esc_keeps(shop):
    from ui.dialogs.guide_picker import GuidePickerDialog

    guides = shop.till.sale.guides()
    dialog = GuidePickerDialog(guides, None, False)
    assert drive(dialog, Qt.Key.Key_Down, Qt.Key.Key_Return) == Accepted
    assert dialog.chosen_id == guides[0].id
    dialog = GuidePickerDialog(guides, guides[0].id, True)
    assert drive(dialog, Qt.Key.Key_Escape) == Rejected


# --- reading and settings ------------------------------------------------------------------
def test_receipt_preview_enter_closes_esc_too(shop):
    from ui.dialogs.receipt_preview import ReceiptPreviewDialog

    assert drive(ReceiptPreviewDialog(["Shopfloor", "¥3.50"]), Qt.Key.Key_Return) == Accepted
    dialog = ReceiptPreviewDialog(["Shopfloor"])
    assert drive(dialog, tab_reaches_every_button(dialog), Qt.Key.Key_Escape) == Rejected


def test_sync_exceptions_enter_closes_esc_too(shop):
    from datetime import UTC, datetime

    from pos_app.services.sync_service import SyncException
    from ui.dialogs.sync_exceptions import SyncExceptionsDialog

    rows = [SyncException("e1", "sale.completed", "rejected", "price", "S01-T01-000001",
                          datetime.now(UTC))]
    assert drive(SyncExceptionsDialog(rows), Qt.Key.Key_Tab, Qt.Key.Key_Return) == Accepted
    dialog = SyncExceptionsDialog(rows)
    assert drive(dialog, tab_reaches_every_button(dialog), Qt.Key.Key_Escape) == Rejected


def tab_to(widget_of):
    def step() -> None:
        for _ in range(20):
            if focus() is widget_of():
                return
            key(Qt.Key.Key_Tab)
        raise AssertionError(f"Tab never reached {widget_of()!r}")

    return step


def test_settings_paper_width_chosen_with_arrows_and_saved_with_enter(shop):
    from ui.dialogs.settings import SettingsDialog

    before = shop.settings.settings.printer_columns
    dialog = SettingsDialog(shop.settings, manager=True, staff=MANAGER)
    assert drive(dialog, tab_to(lambda: dialog.columns), Qt.Key.Key_Up,
                 Qt.Key.Key_Return) == Accepted
    assert shop.settings.settings.printer_columns != before
    dialog = SettingsDialog(shop.settings, manager=True)
    assert drive(dialog, tab_reaches_every_button(dialog), Qt.Key.Key_Escape) == Rejected


def test_scanner_page_up_then_enter_saves_esc_keeps(shop):
    from ui.dialogs.scanner_settings import ScannerSettingsDialog

    before = shop.settings.settings.scanner.min_length
    dialog = ScannerSettingsDialog(shop.settings, staff=MANAGER)
    assert drive(dialog, tab_to(lambda: dialog.min_length), Qt.Key.Key_Up,
                 Qt.Key.Key_Return) == Accepted
    assert shop.settings.settings.scanner.min_length == before + 1
    dialog = ScannerSettingsDialog(shop.settings)
    steps = (tab_reaches_every_button(dialog), tab_to(lambda: dialog.min_length),
             Qt.Key.Key_Up, Qt.Key.Key_Escape)
    assert drive(dialog, *steps) == Rejected
    assert shop.settings.settings.scanner.min_length == before + 1  # Esc saved nothing


# --- members -------------------------------------------------------------------------------
PHONE = "13812345678"


def a_member(shop):
    from pos_app.services.members import MemberService

    return MemberService(shop.engine, shop.till.terminal).enroll("陈静", PHONE, shop.till.staff)


def test_member_lookup_phone_and_enter_finds_her_esc_cancels(shop):
    from ui.dialogs.member_lookup import MemberLookupDialog

    member = a_member(shop)
    dialog = MemberLookupDialog(shop.till)
    assert drive(dialog, PHONE, Qt.Key.Key_Return) == Accepted
    assert dialog.chosen is not None and dialog.chosen.id == member.id
    dialog = MemberLookupDialog(shop.till)
    assert drive(dialog, tab_reaches_every_button(dialog), Qt.Key.Key_Escape) == Rejected


def test_member_enroll_enter_walks_the_fields_space_ticks_consent_enter_enrolls(shop):
    from ui.dialogs.member_enroll import MemberEnrollDialog

    dialog = MemberEnrollDialog(shop.till)
    steps = ("Wang Fang", Qt.Key.Key_Return, "13900001111", Qt.Key.Key_Return,
             Qt.Key.Key_Return, Qt.Key.Key_Return)  # no card, no birthday: enroll
    consent = (focused(lambda: dialog.consent), Qt.Key.Key_Space, Qt.Key.Key_Return)
    assert drive(dialog, *steps, *consent) == Accepted  # the opt-in must be ticked first
    assert dialog.enrolled is not None and dialog.enrolled.name == "Wang Fang"
    dialog = MemberEnrollDialog(shop.till)
    assert drive(dialog, tab_reaches_every_button(dialog), Qt.Key.Key_Escape) == Rejected


def test_member_profile_tag_enter_adds_empty_enter_closes(shop):
    from ui.dialogs.member_profile import MemberProfileDialog

    member = a_member(shop)
    dialog = MemberProfileDialog(shop.till, shop.till.members.profile(member.id))
    assert drive(dialog, "vip", Qt.Key.Key_Return, Qt.Key.Key_Return) == Accepted
    assert "vip" in shop.till.members.profile(member.id).tags
    dialog = MemberProfileDialog(shop.till, shop.till.members.profile(member.id))
    assert drive(dialog, tab_reaches_every_button(dialog), Qt.Key.Key_Escape) == Rejected


# --- stock, returns, parked sales ----------------------------------------------------------
def test_receive_units_type_enter_then_enter_receives_then_enter_closes(shop):
    from tests.ui.test_units_and_guides import _tracked_product
    from ui.dialogs.receive_units import ReceiveUnitsDialog

    shop.till.sign_out()
    shop.till.sign_in("9001", "9999")  # receiving is a manager's
    _sku, ean, _name = _tracked_product(shop.data_dir / "terminal.db")
    dialog = ReceiveUnitsDialog(shop.till)
    steps = (f"(01)0{ean}(21)KB1", Qt.Key.Key_Return, lambda: assert_listed(dialog, 1),
             Qt.Key.Key_Return, lambda: assert_visible(dialog), Qt.Key.Key_Return)
    assert drive(dialog, *steps) == Accepted
    dialog = ReceiveUnitsDialog(shop.till)
    assert drive(dialog, tab_reaches_every_button(dialog), Qt.Key.Key_Escape) == Rejected


def assert_listed(dialog, n: int) -> None:
    assert len(dialog.codes) == n, dialog.message.text()


def test_returns_short_number_space_enter_refunds_esc_cancels(shop):
    from pos_app.domain.tenders import Tender, TenderKind
    from ui.returns.by_receipt import ReturnsDialog

    shop.till.sale.ring(COLA)
    shop.till.sale.complete([Tender(TenderKind.CASH, 350)])
    dialog = ReturnsDialog(shop.till)
    assert drive(dialog, "1", Qt.Key.Key_Return, Qt.Key.Key_Space, Qt.Key.Key_Return) == Accepted
    assert dialog.completed is not None and dialog.completed.refund_total == 350
    dialog = ReturnsDialog(shop.till)
    assert drive(dialog, tab_reaches_every_button(dialog), Qt.Key.Key_Escape) == Rejected


def test_parked_sales_enter_resumes_esc_goes_back(shop):
    parked = pytest.importorskip("ui.parked.dialog")
    shop.till.sale.ring(COLA)
    shop.till.held.park()
    dialog = parked.ParkedSalesDialog(shop.till)
    assert drive(dialog, tab_reaches_every_button(dialog), Qt.Key.Key_Escape) == Rejected
    dialog = parked.ParkedSalesDialog(shop.till)
    assert drive(dialog, Qt.Key.Key_Return) == Accepted
    assert dialog.chosen_id is not None


# --- camera, pairing ---------------------------------------------------------------------
def test_camera_reads_and_closes_by_itself_enter_or_esc_close_it_without_a_read(shop):
    from devices.camera.capture import FileFrames, OpenCvCamera
    from devices.camera.decoder import default_decoder
    from tests.devices.camera import images
    from tests.ui.conftest import wait_until
    from ui.dialogs.camera_scan import CameraScanDialog

    frame = images.ean13(COLA)
    dialog = CameraScanDialog(lambda: FileFrames([frame], fps=30, repeat=20),
                              default_decoder(), close_delay_ms=0, beep=lambda: None)
    assert drive(dialog, lambda: wait_until(lambda: not dialog.isVisible(), 10_000)) == Accepted
    assert dialog.code == COLA
    for k in (Qt.Key.Key_Return, Qt.Key.Key_Escape):
        dialog = CameraScanDialog(lambda: OpenCvCamera(index=99), default_decoder())
        assert drive(dialog, lambda d=dialog: wait_until(lambda: bool(d.error), 10_000),
                     k) == Rejected


def test_pairing_tab_to_the_demo_store_and_enter_esc_cancels(shop):
    from pos_app.services.sync_service import SyncService
    from ui.dialogs.pairing import DEMO, PairingDialog

    dialog = PairingDialog(SyncService(shop.engine))
    assert drive(dialog, tab_to(lambda: dialog.demo_button), Qt.Key.Key_Return) == DEMO
    dialog = PairingDialog(SyncService(shop.engine))
    assert drive(dialog, tab_reaches_every_button(dialog), Qt.Key.Key_Escape) == Rejected
