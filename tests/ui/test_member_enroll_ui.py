"""Enrolling at the counter: the terms box starts unticked (an active opt-in) and marketing
is its own box; a field's problem shows under it as the person leaves it and clears as they
fix it; Enroll puts the focus on the first bad field; nothing is saved until all is right."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from pos_app.services.demo_coupon import DEMO_MEMBER_ID
from tests.ui.conftest import db_rows, press, wait_until
from tests.ui.test_sale_flow import sign_in_by_keyboard, type_like_a_person
from ui.dialogs.member_enroll import MemberEnrollDialog

PHONE = "13812345678"


def open_dialog(window, qtbot, phone: str = "") -> MemberEnrollDialog:
    dialog = MemberEnrollDialog(window.till, phone=phone, parent=window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    wait_until(dialog.isActiveWindow)
    wait_until(lambda: QApplication.focusWidget() is dialog.name_edit)
    return dialog


def members(container) -> list[tuple]:
    """The members enrolled here: the demo's own member (its gift coupon's) is left out."""
    return db_rows(container.data_dir / "terminal.db",
                   "SELECT name, phone, consent, marketing_consent FROM member"
                   f" WHERE id != '{DEMO_MEMBER_ID}'")


def test_both_consent_boxes_start_unticked_and_are_separate(make_window, qtbot):
    window, _container = make_window()
    sign_in_by_keyboard(window, "2001", "2222")
    dialog = open_dialog(window, qtbot)
    assert not dialog.consent.isChecked() and not dialog.marketing.isChecked()
    assert "terms" in dialog.consent.text() and "offers" in dialog.marketing.text()


def test_a_bad_phone_is_said_on_leaving_the_field_and_clears_as_it_is_fixed(make_window, qtbot):
    window, _container = make_window()
    sign_in_by_keyboard(window, "2001", "2222")
    dialog = open_dialog(window, qtbot)
    phone = dialog.checks["phone"]
    dialog.phone_edit.setFocus()
    type_like_a_person("1381234")
    assert phone.error == ""  # not while they are still typing it the first time
    press(dialog.phone_edit, Qt.Key.Key_Tab)
    wait_until(lambda: "mobile number" in phone.error)
    assert phone.label.isVisible()
    dialog.phone_edit.setFocus()
    type_like_a_person("5678")  # now 11 digits: the line clears at the keystroke
    assert phone.error == ""
    dialog.birthday_edit.setFocus()
    type_like_a_person("1990-13")
    press(dialog.birthday_edit, Qt.Key.Key_Tab)
    wait_until(lambda: "1990-05-31" in dialog.checks["birthday"].error)


def test_enroll_moves_the_focus_to_the_first_bad_field_and_saves_nothing(make_window, qtbot):
    window, container = make_window()
    sign_in_by_keyboard(window, "2001", "2222")
    dialog = open_dialog(window, qtbot)
    dialog.name_edit.setText("陈静")
    dialog.phone_edit.setText("12345")
    dialog.consent.setChecked(True)
    dialog.save_button.click()
    wait_until(lambda: QApplication.focusWidget() is dialog.phone_edit)
    assert "mobile number" in dialog.checks["phone"].error
    assert dialog.message.kind == "error" and dialog.isVisible()
    assert members(container) == []


def test_without_the_terms_it_is_refused_with_the_reason_and_focus_on_the_box(
        make_window, qtbot):
    window, container = make_window()
    sign_in_by_keyboard(window, "2001", "2222")
    dialog = open_dialog(window, qtbot, phone=PHONE)
    dialog.name_edit.setText("陈静")
    dialog.marketing.setChecked(True)  # marketing alone is not enough
    dialog.save_button.click()
    wait_until(lambda: QApplication.focusWidget() is dialog.consent)
    assert "membership terms" in dialog.consent_error.text()
    assert "membership terms" in dialog.message.text()
    assert members(container) == []
    dialog.consent.setChecked(True)  # ticking it clears the reason
    assert dialog.consent_error.text() == ""
    dialog.save_button.click()
    wait_until(lambda: dialog.enrolled is not None)
    assert members(container) == [("陈静", PHONE, 1, 1)]


def test_a_phone_already_a_member_is_said_under_the_phone(make_window, qtbot):
    window, container = make_window()
    sign_in_by_keyboard(window, "2001", "2222")
    window.till.members.enroll("王芳", PHONE)
    dialog = open_dialog(window, qtbot, phone=PHONE)
    dialog.name_edit.setText("陈静")
    dialog.consent.setChecked(True)
    dialog.save_button.click()
    wait_until(lambda: QApplication.focusWidget() is dialog.phone_edit)
    assert "already belongs to a member" in dialog.checks["phone"].error
    assert members(container) == [("王芳", PHONE, 1, 0)]
