"""The wedge filter under a Chinese input method: commits, compositions, Chinese text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from devices.scanner.qt_wedge import disable_input_method
from devices.scanner.wedge import WedgeConfig
from tests.devices.scanner.qt_helpers import (
    EAN,
    commit,
    preedit,
    scans_of,
)

# --- Chinese input method ------------------------------------------------------------


def test_an_ime_commit_of_a_code_then_enter_is_a_scan(qtbot, form, make_wedge, clock):
    wedge = make_wedge(WedgeConfig(), clock)
    with qtbot.waitSignal(wedge.scanned, timeout=2000) as blocker:
        commit(form.field, EAN)
        clock.advance_ms(5)
        QTest.keyClick(form.field, Qt.Key.Key_Return)
    assert blocker.args == [EAN]
    qtbot.wait(60)
    assert form.field.text() == ""


def test_per_digit_ime_commits_in_a_burst_are_a_scan(qtbot, form, make_wedge, clock):
    wedge = make_wedge(WedgeConfig(), clock)
    codes = scans_of(wedge)
    for ch in EAN:
        commit(form.field, ch)
        clock.advance_ms(8)
    QTest.keyClick(form.field, Qt.Key.Key_Return)
    assert codes == [EAN]
    assert form.field.text() == ""


def test_a_fast_composition_committed_by_the_ime_eating_enter_is_a_scan(
    qtbot, form, make_wedge, clock
):
    wedge = make_wedge(WedgeConfig(), clock)
    codes = scans_of(wedge)
    code = "ABC12345"
    for i in range(1, len(code) + 1):  # each scanner key grows the IME's composition
        preedit(form.field, code[:i])
        clock.advance_ms(10)
    commit(form.field, code)  # the IME used the Enter to commit; no Enter key follows
    assert codes == [code]
    assert form.field.text() == ""


def test_chinese_typed_through_the_ime_goes_to_the_field(qtbot, form, make_wedge):
    wedge = make_wedge(WedgeConfig())
    codes = scans_of(wedge)
    preedit(form.field, "zhang")
    qtbot.wait(120)
    preedit(form.field, "zhangsan")
    qtbot.wait(120)
    commit(form.field, "张三")
    qtbot.waitUntil(lambda: form.field.text() == "张三", timeout=2000)
    qtbot.wait(80)
    assert codes == []
    assert form.field.text() == "张三"


def test_slow_ascii_ime_commits_are_typing(qtbot, form, make_wedge):
    wedge = make_wedge(WedgeConfig())
    codes = scans_of(wedge)
    for ch in "sku9":
        commit(form.field, ch)
        qtbot.wait(120)
    qtbot.waitUntil(lambda: form.field.text() == "sku9", timeout=2000)
    assert codes == []


def test_chinese_key_presses_are_replayed_unchanged(qtbot, form, make_wedge, clock):
    wedge = make_wedge(WedgeConfig(), clock)
    codes = scans_of(wedge)
    for ch in "张三":  # keyClicks would abort on non-ASCII; send Key_unknown with the text
        QTest.sendKeyEvent(
            QTest.KeyAction.Click,
            form.field,
            Qt.Key.Key_unknown,
            ch,
            Qt.KeyboardModifier.NoModifier,
        )
        clock.advance_ms(150)
    qtbot.waitUntil(lambda: form.field.text() == "张三", timeout=2000)
    assert codes == []


def test_disable_input_method_turns_the_ime_off_on_a_scan_field(form):
    disable_input_method(form.field)
    assert not form.field.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)
    hints = form.field.inputMethodHints()
    assert hints & Qt.InputMethodHint.ImhPreferLatin
    assert hints & Qt.InputMethodHint.ImhNoPredictiveText
    disable_input_method(form.pay)
    assert not form.pay.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)
