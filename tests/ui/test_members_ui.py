"""Members at the till, by keystrokes: F11 + phone + Enter, member codes scanned at the sale
field, enrolment refusing a bad phone, and the profile's phone masked except to managers."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from pos_app.services.demo_coupon import DEMO_MEMBER_ID
from pos_app.services.members import MemberService
from tests.ui.conftest import db_rows, on_modal_of, on_next_modal, press, pump, wait_until
from tests.ui.test_sale_flow import (
    COLA,
    pay_exact_cash_with_keys,
    scan_with_wedge,
    sign_in_by_keyboard,
    type_like_a_person,
)
from ui.dialogs.member_enroll import MemberEnrollDialog
from ui.dialogs.member_lookup import MemberLookupDialog

PHONE = "13812345678"
MASKED = "138****5678"


def enroll_demo_member(window, container, name: str = "陈静", phone: str = PHONE):
    """A member already on the terminal, enrolled by whoever is signed in."""
    return MemberService(container.engine, window.till.terminal).enroll(
        name, phone, window.till.staff
    )


def test_f11_then_the_phone_and_enter_attaches_the_member(make_window):
    window, container = make_window()
    sign_in_by_keyboard(window)
    member = enroll_demo_member(window, container)
    seen = {}

    def type_phone(dialog) -> None:
        seen["focused"] = QApplication.focusWidget() is dialog.query
        type_like_a_person(PHONE)  # a person's pace, not a scanner burst
        press(dialog.query, Qt.Key.Key_Return)

    on_modal_of(MemberLookupDialog, type_phone)
    press(QApplication.focusWidget(), Qt.Key.Key_F11)
    wait_until(lambda: QApplication.focusWidget() is window.sale.scan_edit)

    assert seen["focused"], "the member field has the keyboard when the dialog opens"
    assert window.till.sale.member is not None and window.till.sale.member.id == member.id
    assert window.till.cart.member_id == member.id
    panel = window.sale.member_panel
    assert panel.name_label.text() == "陈静"
    assert MASKED in panel.detail_label.text() and PHONE not in panel.detail_label.text()
    assert "Regular" in panel.detail_label.text() and "0 points" in panel.detail_label.text()
    assert panel.detach_button.isVisible()

    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_F11, Qt.KeyboardModifier.ShiftModifier)
    assert window.till.sale.member is None and window.till.cart.member_id is None
    assert panel.name_label.text() == "No member"


def test_f11_then_a_scanned_member_code_attaches_at_once(make_window):
    window, container = make_window()
    sign_in_by_keyboard(window)
    member = enroll_demo_member(window, container)
    on_modal_of(MemberLookupDialog, lambda _dialog: scan_with_wedge(f"SFM:{member.id}"))
    press(QApplication.focusWidget(), Qt.Key.Key_F11)
    wait_until(lambda: window.till.sale.member is not None)
    assert window.till.cart.member_id == member.id


def test_f11_then_a_name_shows_matches_and_enter_attaches_the_highlighted_one(make_window):
    window, container = make_window()
    sign_in_by_keyboard(window)
    member = enroll_demo_member(window, container)
    enroll_demo_member(window, container, name="王芳", phone="13900001111")
    seen = {}

    def type_name(dialog) -> None:
        dialog.query.setText("chenj")  # pinyin, searched once typing pauses (off the GUI thread)
        wait_until(lambda: dialog.results.count() > 0)
        seen["hits"] = dialog.results.count()
        press(dialog.query, Qt.Key.Key_Return)

    on_modal_of(MemberLookupDialog, type_name)
    press(QApplication.focusWidget(), Qt.Key.Key_F11)
    wait_until(lambda: window.till.sale.member is not None)
    assert seen["hits"] == 1
    assert window.till.sale.member.id == member.id


def test_a_member_code_scanned_at_the_sale_field_attaches_and_the_sale_records_it(make_window):
    window, container = make_window()
    sign_in_by_keyboard(window)
    member = enroll_demo_member(window, container)

    scan_with_wedge(f"SFM:{member.id}")
    wait_until(lambda: window.till.sale.member is not None)
    assert window.till.cart.member_id == member.id
    assert window.sale.message.kind == "info"
    assert "陈静" in window.sale.message.text()
    assert window.till.cart.is_empty  # a member code is never a product line

    scan_with_wedge(COLA)
    wait_until(lambda: len(window.till.cart.lines) == 1)
    pay_exact_cash_with_keys(window)
    db = container.data_dir / "terminal.db"
    assert db_rows(db, "SELECT member_id FROM sale") == [(member.id,)]
    assert window.till.sale.member is None  # the next customer starts anonymous
    assert window.sale.member_panel.name_label.text() == "No member"


def test_an_unknown_member_code_at_the_sale_field_says_so(make_window):
    window, _container = make_window()
    sign_in_by_keyboard(window)
    scan_with_wedge("SFM:00000000-0000-4000-8000-000000000000")
    wait_until(lambda: window.sale.message.kind == "error")
    assert "No member matches" in window.sale.message.text()
    assert window.till.sale.member is None


def test_enrolling_with_a_bad_phone_shows_the_message_and_saves_nothing(make_window):
    window, container = make_window()
    sign_in_by_keyboard(window)
    seen = {}

    def fill_enrollment(dialog) -> None:
        dialog.name_edit.setText("陈静")
        dialog.phone_edit.setFocus()
        type_like_a_person("12345")  # typed by hand: a fast burst would read as a scan
        dialog.birthday_edit.setFocus()
        pump(60)
        press(dialog.birthday_edit, Qt.Key.Key_Return)  # Enter on the last field enrolls
        seen["kind"] = dialog.message.kind
        seen["text"] = dialog.message.text()
        seen["still_open"] = dialog.isVisible()
        dialog.reject()
        on_modal_of(MemberLookupDialog, lambda lookup: lookup.reject())

    def open_enrollment(dialog) -> None:
        on_modal_of(MemberEnrollDialog, fill_enrollment)
        press(dialog.query, Qt.Key.Key_F2)

    on_modal_of(MemberLookupDialog, open_enrollment)
    press(QApplication.focusWidget(), Qt.Key.Key_F11)
    wait_until(lambda: QApplication.focusWidget() is window.sale.scan_edit)

    assert seen["kind"] == "error" and seen["still_open"]
    assert "mobile number" in seen["text"]
    db = container.data_dir / "terminal.db"
    assert db_rows(db, f"SELECT count(*) FROM member WHERE id != '{DEMO_MEMBER_ID}'") == [(0,)]
    assert db_rows(db, "SELECT count(*) FROM outbox_event WHERE type='member.enrolled'") == [(0,)]
    assert window.till.sale.member is None


def test_enrolling_from_the_member_dialog_attaches_the_new_member(make_window):
    window, container = make_window()
    sign_in_by_keyboard(window, "2001", "2222")  # a guide enrolls at the counter

    def fill_enrollment(dialog) -> None:
        assert dialog.phone_edit.text() == PHONE  # carried over from the member field
        dialog.name_edit.setText("陈静")
        dialog.consent.setChecked(True)  # the customer agrees to the terms (never pre-ticked)
        dialog.save_button.click()

    def open_enrollment(dialog) -> None:
        dialog.query.setText(PHONE)
        press(dialog.query, Qt.Key.Key_Return)  # nobody has that phone yet
        wait_until(lambda: dialog.message.kind == "error")  # after the search's answer
        assert dialog.message.kind == "error"
        on_modal_of(MemberEnrollDialog, fill_enrollment)
        press(dialog.query, Qt.Key.Key_F2)

    on_modal_of(MemberLookupDialog, open_enrollment)
    press(QApplication.focusWidget(), Qt.Key.Key_F11)
    wait_until(lambda: window.till.sale.member is not None)
    db = container.data_dir / "terminal.db"
    assert db_rows(db, "SELECT name, phone, provisional FROM member"
                   f" WHERE id != '{DEMO_MEMBER_ID}'") == [("陈静", PHONE, 1)]
    assert window.till.cart.member_id == window.till.sale.member.id


@pytest.mark.parametrize(
    ("staff_code", "pin", "shown"),
    [("1001", "1111", MASKED), ("9001", "9999", PHONE)],
    ids=["cashier-sees-masked", "manager-sees-full"],
)
def test_the_profile_masks_the_phone_except_to_managers_and_is_audited(
    make_window, staff_code, pin, shown
):
    window, container = make_window()
    sign_in_by_keyboard(window, staff_code, pin)
    member = enroll_demo_member(window, container)
    MemberService(container.engine, window.till.terminal).add_tag(
        member.id, "VIP", window.till.staff
    )
    scan_with_wedge(f"SFM:{member.id}")
    wait_until(lambda: window.till.sale.member is not None)
    seen = {}

    def read_profile(dialog) -> None:
        seen["phone"] = dialog.phone_label.text()
        seen["tags"] = dialog.tags_label.text()
        seen["name"] = dialog.name_label.text()
        dialog.accept()

    on_next_modal(read_profile)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_F11, Qt.KeyboardModifier.ControlModifier)
    wait_until(lambda: QApplication.focusWidget() is window.sale.scan_edit)

    assert seen["phone"] == shown
    assert seen["name"] == "陈静" and "#VIP" in seen["tags"]
    # The sale screen faces the counter: masked there whoever is signed in.
    assert MASKED in window.sale.member_panel.detail_label.text()
    db = container.data_dir / "terminal.db"
    assert db_rows(
        db, "SELECT staff_id, entity_id FROM audit_log WHERE action='member_viewed'"
    ) == [(window.till.staff.id, member.id)]
    detail = db_rows(db, "SELECT detail FROM audit_log WHERE action='member_viewed'")[0][0]
    assert PHONE not in detail and "陈静" not in detail  # ids only in the audit
