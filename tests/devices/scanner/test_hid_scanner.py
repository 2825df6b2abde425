"""The wedge filter fed what a real USB HID scanner sends: Shift presses around capitals and
symbols, Ctrl+] for GS, 2–30 ms gaps, with and without an input method, any keyboard state."""

from __future__ import annotations

import random
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from devices.scanner.layouts import HOST_LAYOUTS
from devices.scanner.wedge import WedgeConfig
from tests.devices.scanner.hid import GS, KeyStep, key_steps, needs_shift, scan_like_hardware
from tests.devices.scanner.qt_helpers import commit, scans_of

UNIT = "(01)06966014000105(21)DEMO001"
RECEIPT = "SFR:0190f1c2-7a3b-7c4d-9e8f-0123456789ab"
MEMBER = "SFM:0190F1C2-7A3B-7C4D-9E8F-0123456789AB"
HYPOTHESIS = settings(max_examples=60, deadline=None,
                      suppress_health_check=[HealthCheck.function_scoped_fixture])


def test_shift_around_capitals_does_not_split_a_unit_code(form, make_wedge, clock):
    wedge = make_wedge(WedgeConfig(), clock)
    codes = scans_of(wedge)
    form.field.setFocus()
    scan_like_hardware(UNIT, clock)
    assert codes == [UNIT]
    assert form.field.text() == ""


def test_receipt_member_and_digital_link_codes_arrive_whole(form, make_wedge, clock):
    wedge = make_wedge(WedgeConfig(), clock)
    codes = scans_of(wedge)
    form.field.setFocus()
    link = "https://id.gs1.org/01/06966014000105/21/DEMO001"
    for code in (RECEIPT, MEMBER, link, "3*6901234567892"):
        scan_like_hardware(code, clock)
        clock.advance_ms(400)
    assert codes == [RECEIPT, MEMBER, link, "3*6901234567892"]
    assert form.field.text() == ""


def test_ctrl_bracket_is_the_gs_separator(form, make_wedge, clock):
    wedge = make_wedge(WedgeConfig(), clock)
    codes = scans_of(wedge)
    form.field.setFocus()
    code = f"0106966014000105{GS}10LOT7{GS}21AB12"
    scan_like_hardware(code, clock)
    assert codes == [code]


def test_a_stand_in_character_becomes_gs(form, make_wedge, clock):
    wedge = make_wedge(WedgeConfig(gs_stand_in="~"), clock)
    codes = scans_of(wedge)
    form.field.setFocus()
    scan_like_hardware("0106966014000105~10LOT7", clock)
    assert codes == [f"0106966014000105{GS}10LOT7"]


def test_a_tab_suffix_ends_a_scan_and_does_not_move_focus(form, make_wedge, clock):
    wedge = make_wedge(WedgeConfig(), clock)
    codes = scans_of(wedge)
    form.field.setFocus()
    scan_like_hardware(UNIT, clock, suffix="\t")
    assert codes == [UNIT]
    assert form.field.hasFocus()


def test_a_scan_into_a_spin_box_of_a_dialog_leaves_it_alone(qtbot, make_wedge, clock):
    """The scanner test page's minimum-length box went from 4 to 014 with a split burst."""
    from PySide6.QtWidgets import QSpinBox

    box = QSpinBox()
    box.setValue(4)
    qtbot.addWidget(box)
    box.show()
    box.setFocus()
    wedge = make_wedge(WedgeConfig(), clock)
    codes = scans_of(wedge)
    scan_like_hardware(UNIT, clock, target=box)
    assert codes == [UNIT]
    assert box.value() == 4


def test_keys_a_late_timer_typed_are_taken_back_when_the_burst_goes_on(form, make_wedge, clock):
    """A busy GUI thread let the gap timer fire in mid-burst: the keys already typed into
    the field come back out and the code is read whole."""
    wedge = make_wedge(WedgeConfig(), clock)
    codes = scans_of(wedge)
    form.field.setText("x")
    form.field.setFocus()
    steps = key_steps(UNIT)
    half = len(steps) // 2
    rng = iter([10.0] * len(steps))
    from tests.devices.scanner.hid import send_steps

    send_steps(steps[:half], clock, rng)
    wedge._gap_expired()  # what the timer does when it fires early
    assert form.field.text().startswith("x(01)")  # typed, for now
    send_steps(steps[half:], clock, rng)
    assert codes == [UNIT]
    assert form.field.text() == "x"


def test_caps_lock_swaps_letters_but_keeps_digits_and_symbols(form, make_wedge, clock):
    wedge = make_wedge(WedgeConfig(), clock)
    codes = scans_of(wedge)
    form.field.setFocus()
    scan_like_hardware(UNIT, clock, caps_lock=True)
    assert codes == ["(01)06966014000105(21)demo001"]  # the sale looks the twin up


def _azerty_steps(code: str) -> list[KeyStep]:
    """What a US-set scanner's keys type on a French AZERTY host."""
    us_to_fr = {us: fr for fr, us in (HOST_LAYOUTS["fr"] or {}).items()}
    steps = []
    for step in key_steps(code):
        if step.text and step.text not in ("\r", GS):
            text = us_to_fr.get(step.text, step.text)
            steps.append(KeyStep(step.press, step.key, step.modifiers, text))
        else:
            steps.append(step)
    return steps


def test_an_azerty_host_reads_what_the_scanner_sent(form, make_wedge, clock):
    from tests.devices.scanner.hid import gaps_ms, send_steps

    wedge = make_wedge(WedgeConfig(host_layout="fr"), clock)
    codes = scans_of(wedge)
    form.field.setFocus()
    send_steps(_azerty_steps(UNIT), clock, gaps_ms(random.Random(3)))
    assert codes == [UNIT]


def test_under_an_input_method_shift_presses_do_not_break_a_commit_burst(
        form, make_wedge, clock):
    """An IME in English mode commits each key as text; Shift still arrives as a key press."""
    wedge = make_wedge(WedgeConfig(), clock)
    codes = scans_of(wedge)
    form.field.setFocus()
    for ch in UNIT:
        if needs_shift(ch):
            QApplication.sendEvent(form.field, QKeyEvent(
                QEvent.Type.KeyPress, Qt.Key.Key_Shift, Qt.KeyboardModifier.ShiftModifier, ""))
        commit(form.field, ch)
        clock.advance_ms(12)
    QApplication.sendEvent(form.field, QKeyEvent(
        QEvent.Type.KeyPress, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, "\r"))
    assert codes == [UNIT]
    assert form.field.text() == ""


PRINTABLE = st.text(alphabet=st.sampled_from(string.printable[:95]), min_size=4, max_size=48)


@HYPOTHESIS
@given(code=PRINTABLE, seed=st.integers(0, 2**32 - 1))
def test_any_printable_code_sent_like_hardware_arrives_as_one_scan(
        form, make_wedge, clock, code, seed):
    wedge = getattr(form, "_wedge", None) or make_wedge(WedgeConfig(), clock)
    form._wedge = wedge
    codes = scans_of(wedge)
    form.field.clear()
    form.field.setFocus()
    clock.advance_ms(1000)
    scan_like_hardware(code, clock, random.Random(seed))
    wedge.scanned.disconnect()
    assert codes == [code]
    assert form.field.text() == ""


@HYPOTHESIS
@given(text=st.text(alphabet=st.sampled_from(string.ascii_letters + string.digits + "*-:"),
                    min_size=1, max_size=20),
       gaps=st.lists(st.floats(80, 400), min_size=21, max_size=21))
def test_human_typing_never_becomes_a_scan(form, make_wedge, clock, text, gaps):
    from tests.devices.scanner.hid import send_steps

    wedge = getattr(form, "_wedge", None) or make_wedge(WedgeConfig(), clock)
    form._wedge = wedge
    codes = scans_of(wedge)
    form.field.clear()
    form.field.setFocus()
    clock.advance_ms(1000)
    send_steps(key_steps(text), clock, iter(gaps))
    wedge.flush()
    wedge.scanned.disconnect()
    assert codes == []
    assert form.field.text() == text


def test_a_burst_that_stalls_on_a_loaded_machine_is_still_one_scan(form, make_wedge, clock):
    """Three keys at scanner speed are no person: a 150 ms stall, then the rest of the
    code and its Enter, is one scan, and the field keeps nothing of it."""
    from tests.devices.scanner.hid import send_steps

    wedge = make_wedge(WedgeConfig(), clock)
    codes = scans_of(wedge)
    form.field.setFocus()
    steps = key_steps("6901234567892")
    send_steps(steps[:6], clock, iter([10.0] * 6))  # "690"
    wedge._gap_expired()
    assert form.field.text() == "690"
    clock.advance_ms(150)
    send_steps(steps[6:], clock, iter([10.0] * len(steps)))
    assert codes == ["6901234567892"]
    assert form.field.text() == ""


def test_two_quick_keys_then_a_pause_stay_typing(form, make_wedge, clock):
    """A person's rollover ("69" within 35 ms) followed by more typing is not taken back."""
    from tests.devices.scanner.hid import send_steps

    wedge = make_wedge(WedgeConfig(), clock)
    codes = scans_of(wedge)
    form.field.setFocus()
    steps = key_steps("6912", suffix="")
    send_steps(steps[:4], clock, iter([10.0] * 4))
    wedge._gap_expired()
    send_steps(steps[4:], clock, iter([150.0] * 4))
    wedge.flush()
    assert codes == []
    assert form.field.text() == "6912"
