"""Member days at the till: a manager sets them in Settings (bad input refused, nothing
saved), a cashier cannot, and the member panel says when today multiplies points."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from pos_app.domain.member_days import MemberDays
from pos_app.services.settings import SettingsService
from tests.ui.conftest import on_next_modal, press, pump
from tests.ui.test_members_ui import enroll_demo_member
from tests.ui.test_sale_flow import sign_in_by_keyboard
from ui.dialogs.settings import SettingsDialog


def open_settings(window, action) -> dict:
    seen: dict = {}

    def run(dialog) -> None:
        action(dialog, seen)

    on_next_modal(run)
    press(QApplication.focusWidget(), Qt.Key.Key_F10)
    pump(50)
    return seen


def test_manager_sets_member_days_and_the_panel_shows_them(make_window):
    window, container = make_window()
    sign_in_by_keyboard(window, "9001", "9999")

    def bad_then_good(dialog, seen) -> None:
        dialog.member_days.setText("8, 32")
        dialog.save()
        seen["bad_day"] = dialog.message.text()
        dialog.member_days.setText(str(date.today().day))
        dialog.member_multiplier.setText("1.0001")
        dialog.save()
        seen["bad_times"] = dialog.message.text()
        dialog.member_multiplier.setText("×2")
        dialog.save()

    seen = open_settings(window, bad_then_good)
    assert "1 to 31" in seen["bad_day"] and "1 to 10" in seen["bad_times"]
    days = container.settings.settings.member_days
    assert (days.days_of_month, days.multiplier_permille) == ([date.today().day], 2000)

    panel = window.sale.member_panel
    assert not panel.member_day_label.isVisible()  # no member yet
    member = enroll_demo_member(window, container)
    window.till.members.attach(member)
    window.sale.member_attached(member)
    assert panel.member_day_label.isVisible()
    assert panel.member_day_label.text() == "Member day: points ×2"
    window.sale.detach_member()
    assert not panel.member_day_label.isVisible()


def test_bad_member_days_save_nothing_at_all(make_window):
    window, container = make_window()
    sign_in_by_keyboard(window, "9001", "9999")

    def change_language_but_bad_weekday(dialog, seen) -> None:
        dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
        dialog.member_weekdays.setText("3, 8")
        dialog.save()
        seen["error"] = dialog.message.text()
        dialog.reject()

    seen = open_settings(window, change_language_but_bad_weekday)
    assert "1 (Monday) to 7 (Sunday)" in seen["error"]
    assert container.settings.settings.language == "en"
    assert container.settings.settings.member_days.weekdays == []


def test_a_cashier_cannot_change_member_days(make_window):
    window, container = make_window()
    sign_in_by_keyboard(window)

    def try_it(dialog, seen) -> None:
        seen["read_only"] = dialog.member_days.isReadOnly()
        dialog.member_days.setText("18")
        dialog.save()

    seen = open_settings(window, try_it)
    assert seen["read_only"]
    assert container.settings.settings.member_days.days_of_month == []


def test_member_days_set_by_hq_are_shown_locked(qtbot, tmp_path):
    service = SettingsService(tmp_path / "settings.json")
    service.set_hq_member_days(lambda: MemberDays((8, 18), (3,), 1500))
    dialog = SettingsDialog(service, manager=True)
    qtbot.addWidget(dialog)
    assert (dialog.member_days.text(), dialog.member_weekdays.text(),
            dialog.member_multiplier.text()) == ("8, 18", "3", "1.5")
    assert dialog.member_days.isReadOnly() and "HQ" in dialog.member_days_note.text()
    dialog.save()  # other settings still save; the till's own member days stay as they were
    assert service.settings.member_days.days_of_month == []
