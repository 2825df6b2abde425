"""The guide's own screen: this month against the target a manager set, the customer lists
(birthdays this month, not seen for 90 days) with their counts, Enter opening the member's
profile and F11 attaching the member to the sale in progress; Enter in the period picker
only changes the period; names in pinyin order."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton

from tests.qt_wait import pump, wait_until
from tests.ui.conftest import on_modal_of
from tests.ui.kpis.keys import sign_in_on_open_shift
from ui.dialogs.member_profile import MemberProfileDialog
from ui.kpis import MyKpisDialog


def _names(dialog) -> list[str]:
    return [c.name for c in dialog.customers.customers]


def test_my_figures_against_my_target_and_my_customers_one_key_away(selling, qtbot):
    window, _shop = selling()
    till = window.till
    manager_till_kpis = till.kpis
    till.sign_in("9001", "9999")
    wang = next(s for s in till.staff_list() if s.name == "王芳")
    month = manager_till_kpis.today().month_key
    manager_till_kpis.set_target(till.staff, wang.id, month, 100_00)  # ¥100
    till.sign_out()
    sign_in_on_open_shift(window, "2001", "2222")

    dialog = MyKpisDialog(till, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.load()
    wait_until(lambda: "¥100.00" in dialog.target_text.text(), timeout_ms=20_000)
    assert "¥10.50" in dialog.target_text.text()  # this month so far (one sale is older)
    assert dialog.target_bar.value() == 10
    wait_until(lambda: sorted(_names(dialog)) == ["赵敏", "钱多"], timeout_ms=10_000)
    assert dialog.customers.tabs.tabText(1).endswith("(1)")  # a birthday this month
    buttons = {b.text() for b in dialog.findChildren(QPushButton)}
    assert {"Profile Enter", "Attach to the sale F11", "Close Esc"} <= buttons  # the keys below

    dialog.customers.tabs.setCurrentIndex(2)  # not seen for 90 days
    wait_until(lambda: _names(dialog) == ["钱多"])
    dialog.customers.tabs.setCurrentIndex(1)  # birthdays this month
    wait_until(lambda: _names(dialog) == ["赵敏"])
    dialog.customers.table.setFocus()

    seen: list[str] = []

    def look(profile) -> None:
        seen.append(profile.windowTitle())
        profile.reject()

    on_modal_of(MemberProfileDialog, look)
    QTest.keyClick(dialog.customers.table, Qt.Key.Key_Return)
    wait_until(lambda: seen)
    pump(50)

    dialog.activateWindow()  # F11 is this screen's key only while it is the active window
    wait_until(dialog.isActiveWindow)  # (else the sale screen's F11 opens its look-up)
    dialog.customers.table.setFocus()
    QTest.keyClick(dialog.customers.table, Qt.Key.Key_F11)
    wait_until(lambda: not dialog.isVisible())
    assert dialog.attached is not None and dialog.attached.name == "赵敏"
    assert till.sale.member is not None and till.sale.member.name == "赵敏"


def test_enter_in_the_period_picker_changes_the_period_and_opens_no_profile(selling, qtbot):
    window, _shop = selling()
    sign_in_on_open_shift(window, "2001", "2222")
    dialog = MyKpisDialog(till := window.till, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.load()
    wait_until(lambda: len(_names(dialog)) == 2, timeout_ms=10_000)
    assert _names(dialog) == ["钱多", "赵敏"]  # qian, zhao: pinyin, not code point (赵 < 钱)
    opened: list[str] = []
    on_modal_of(MemberProfileDialog, lambda profile: (opened.append("!"), profile.reject()))
    dialog.period.choice.setFocus()
    before = dialog.period.period()
    for key in (Qt.Key.Key_Down, Qt.Key.Key_Down, Qt.Key.Key_Return):  # as the tester did
        QTest.keyClick(dialog.period.choice, key)
    pump(300)
    assert opened == [] and dialog.isVisible()
    assert dialog.period.period() != before and till.staff is not None
