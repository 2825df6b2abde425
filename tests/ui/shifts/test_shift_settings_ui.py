"""The shift close's settings on the settings screen (20-L1): a manager types the over/short
tolerance in yuan (stored in fen) and switches the blind count on, by keys; the till's close
follows at once; a bad amount is refused with the translated message; a cashier sees both
greyed and changes nothing."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from tests.staff import MANAGER
from tests.ui.conftest import pump
from tests.ui.test_sale_flow import sign_in_by_keyboard, type_like_a_person
from ui.dialogs.settings import SettingsDialog


def _type(widget, text: str) -> None:
    """Select the field's text and type over it at a person's pace (the app's scanner
    wedge takes a burst of keys for a scan)."""
    widget.window().show()
    widget.activateWindow()
    widget.setFocus()
    pump(30)
    widget.selectAll()
    type_like_a_person(text)


def test_a_manager_sets_the_tolerance_in_yuan_and_the_blind_count(make_window):
    window, container = make_window()
    sign_in_by_keyboard(window)
    assert not window.till.shifts.policy.blind_count
    dialog = SettingsDialog(container.settings, manager=True, staff=MANAGER)
    fields = dialog.shift_fields
    assert fields.tolerance.text() == "5"  # the default ¥5, shown in yuan
    _type(fields.tolerance, "2.50")
    fields.blind_count.setFocus()
    pump(30)
    assert QApplication.focusWidget() is fields.blind_count
    type_like_a_person(" ")  # ticked by the keyboard
    dialog.save()
    assert not dialog.message.text(), dialog.message.text()
    saved = container.settings.settings
    assert (saved.shift_tolerance, saved.blind_count) == (250, True)  # fen
    assert window.till.shifts.policy.tolerance == 250 and window.till.shifts.policy.blind_count
    again = SettingsDialog(container.settings, manager=True, staff=MANAGER)
    assert again.shift_fields.tolerance.text() == "2.50"
    assert again.shift_fields.blind_count.isChecked()

    _type(again.shift_fields.tolerance, "abc")
    again.save()
    assert "tolerance" in again.message.text()
    _type(again.shift_fields.tolerance, "1000.01")  # over ¥1,000
    again.save()
    assert "tolerance" in again.message.text()
    assert container.settings.settings.shift_tolerance == 250  # nothing saved
    for shown in (dialog, again):
        shown.reject()
        shown.deleteLater()
    pump(20)


def test_a_cashier_sees_the_shift_settings_greyed_and_changes_nothing(make_window):
    _window, container = make_window()
    cashier = SettingsDialog(container.settings, manager=False)
    assert not cashier.shift_fields.tolerance.isEnabled()
    assert not cashier.shift_fields.blind_count.isEnabled()
    assert cashier.shift_fields.values() == {}
