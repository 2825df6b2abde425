"""The app-wide wedge filter, driven by real Qt key events."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from devices.scanner.wedge import WedgeConfig
from tests.devices.scanner.qt_helpers import (
    EAN,
    scans_of,
    type_keys,
)

# --- real clock, generous margins ----------------------------------------------------


def test_a_real_scanner_burst_is_scanned_and_kept_out_of_the_field(qtbot, form, make_wedge):
    wedge = make_wedge(WedgeConfig())
    with qtbot.waitSignal(wedge.scanned, timeout=2000) as blocker:
        for ch in EAN:  # back to back: microseconds apart, far under 35 ms
            QTest.keyClick(form.field, ch)
        QTest.keyClick(form.field, Qt.Key.Key_Return)
    assert blocker.args == [EAN]
    qtbot.wait(100)
    assert form.field.text() == ""


def test_slow_human_typing_lands_in_the_field_and_is_not_a_scan(qtbot, form, make_wedge):
    wedge = make_wedge(WedgeConfig())
    codes = scans_of(wedge)
    for ch in "abc12":
        QTest.keyClick(form.field, ch)
        qtbot.wait(120)
    with qtbot.waitSignal(form.field.returnPressed, timeout=2000):
        QTest.keyClick(form.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: form.field.text() == "abc12", timeout=2000)
    assert codes == []


# --- injected clock, exact timings ---------------------------------------------------


def test_a_scan_works_while_a_button_has_focus(qtbot, form, make_wedge, clock):
    wedge = make_wedge(WedgeConfig(), clock)
    form.pay.setFocus()
    clicks: list[bool] = []
    form.pay.clicked.connect(clicks.append)
    with qtbot.waitSignal(wedge.scanned, timeout=2000) as blocker:
        type_keys(form.pay, EAN, clock, 10)
        QTest.keyClick(form.pay, Qt.Key.Key_Return)
    assert blocker.args == [EAN]
    assert clicks == []


def test_typing_then_a_burst_keeps_the_typing_and_scans_the_burst(qtbot, form, make_wedge, clock):
    wedge = make_wedge(WedgeConfig(), clock)
    codes = scans_of(wedge)
    type_keys(form.field, "qt", clock, 150)
    clock.advance_ms(300)
    type_keys(form.field, EAN, clock, 10)
    QTest.keyClick(form.field, Qt.Key.Key_Return)
    assert codes == [EAN]
    assert form.field.text() == "qt"


def test_enter_after_typing_still_reaches_the_field(qtbot, form, make_wedge, clock):
    wedge = make_wedge(WedgeConfig(), clock)
    codes = scans_of(wedge)
    type_keys(form.field, "12", clock, 150)
    with qtbot.waitSignal(form.field.returnPressed, timeout=2000):
        QTest.keyClick(form.field, Qt.Key.Key_Return)
    assert form.field.text() == "12"
    assert codes == []


def test_a_held_key_reaches_the_field_before_the_next_editing_key(qtbot, form, make_wedge, clock):
    make_wedge(WedgeConfig(), clock)
    form.field.setText("x")
    QTest.keyClick(form.field, "a")  # held for up to 35 ms
    clock.advance_ms(5)
    QTest.keyClick(form.field, Qt.Key.Key_Backspace)  # not data: the "a" must go first
    assert form.field.text() == "x"


def test_a_short_fast_burst_is_typing(qtbot, form, make_wedge, clock):
    wedge = make_wedge(WedgeConfig(min_length=4), clock)
    codes = scans_of(wedge)
    type_keys(form.field, "123", clock, 5)
    QTest.keyClick(form.field, Qt.Key.Key_Return)
    assert form.field.text() == "123"
    assert codes == []


def test_a_burst_without_enter_goes_to_the_field_after_the_gap(qtbot, form, make_wedge, clock):
    wedge = make_wedge(WedgeConfig(), clock)
    codes = scans_of(wedge)
    type_keys(form.field, EAN, clock, 10)
    qtbot.waitUntil(lambda: form.field.text() == EAN, timeout=2000)  # the gap timer fired
    assert codes == []


def test_a_disabled_filter_lets_a_burst_through(qtbot, form, make_wedge, clock):
    wedge = make_wedge(WedgeConfig(), clock)
    wedge.set_enabled(False)
    codes = scans_of(wedge)
    type_keys(form.field, EAN, clock, 10)
    QTest.keyClick(form.field, Qt.Key.Key_Return)
    assert form.field.text() == EAN
    assert codes == []
    wedge.set_enabled(True)
    assert wedge.config.enabled


def test_tab_suffix_scans_only_when_configured(qtbot, form, make_wedge, clock):
    wedge = make_wedge(WedgeConfig(suffixes=("\r",)), clock)
    codes = scans_of(wedge)
    type_keys(form.field, "ABC123", clock, 10)
    QTest.keyClick(form.field, Qt.Key.Key_Tab)
    assert codes == []
    wedge.set_config(WedgeConfig(suffixes=("\t",)))
    form.field.clear()
    clock.advance_ms(500)
    type_keys(form.field, "ABC123", clock, 10)
    QTest.keyClick(form.field, Qt.Key.Key_Tab)
    assert codes == ["ABC123"]
    assert form.field.text() == ""


def test_keys_from_the_window_system_are_seen_once(qtbot, form, make_wedge, clock):
    """Real keyboards reach the window first; Qt forwards to the focus widget."""
    wedge = make_wedge(WedgeConfig(), clock)
    codes = scans_of(wedge)
    form.activateWindow()
    qtbot.waitActive(form)
    form.field.setFocus()
    qtbot.waitUntil(form.field.hasFocus, timeout=2000)
    window = form.windowHandle()
    type_keys(window, "ab", clock, 150)
    clock.advance_ms(300)
    type_keys(window, EAN, clock, 10)
    with qtbot.waitSignal(form.field.returnPressed, raising=False, timeout=200) as enter:
        QTest.keyClick(window, Qt.Key.Key_Return)
    assert codes == [EAN]
    assert not enter.signal_triggered  # the scanner's Enter was swallowed with the code
    assert form.field.text() == "ab"


def test_space_on_a_check_box_toggles_it_although_its_release_comes_at_once(
        qtbot, make_wedge, clock):
    """The press is held for the gap; its release must wait too, or the box never toggles."""
    from PySide6.QtWidgets import QCheckBox

    box = QCheckBox("consent")
    qtbot.addWidget(box)
    box.show()
    box.setFocus()
    wedge = make_wedge(WedgeConfig(), clock)
    QTest.keyClick(box, Qt.Key.Key_Space)  # press and release back to back
    clock.advance_ms(200)
    wedge.flush()
    assert box.isChecked()
