"""A cashier sees no KPI tool and the dashboard's key is refused; a guide gets only their
own screen, which shows their own figures, and the service refuses them anyone else's or
the store's; a manager gets both."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from pos_app.errors import PosError
from tests.qt_wait import pump, wait_until
from tests.ui.keyboard import focus
from tests.ui.kpis.keys import sign_in_on_open_shift
from ui.kpis import KpiDashboard, MyKpisDialog


def _ctrl(letter: Qt.Key) -> None:
    QTest.keyClick(focus(), letter, Qt.KeyboardModifier.ControlModifier)
    pump(60)


def _tools(window) -> list[str]:
    return [t.name for t in window.tools.visible_tools()]


def test_a_cashier_sees_no_dashboard_and_its_key_is_refused(selling):
    window, _shop = selling()
    sign_in_on_open_shift(window, "1001", "1111")  # the demo cashier
    assert "kpis" not in _tools(window) and "my_kpis" not in _tools(window)
    _ctrl(Qt.Key.Key_K)
    wait_until(lambda: "manager" in window.sale.message.text())
    _ctrl(Qt.Key.Key_Y)
    assert not any(isinstance(w, KpiDashboard | MyKpisDialog)
                   for w in QApplication.topLevelWidgets() if w.isVisible())
    with pytest.raises(PosError):
        window.till.kpis.store(window.till.kpis.today(), window.till.staff)
    with pytest.raises(PosError):
        window.till.clienteling.customers(window.till.staff)


def test_a_guide_sees_only_their_own_figures(selling, qtbot):
    window, _shop = selling()
    sign_in_on_open_shift(window, "2001", "2222")  # 王芳
    assert "my_kpis" in _tools(window) and "kpis" not in _tools(window)
    till = window.till
    li = next(s.id for s in till.staff_list() if s.name == "李雷")
    with pytest.raises(PosError) as refused:
        till.kpis.guide(till.kpis.today(), till.staff, li)
    assert refused.value.code == "kpi_not_your_figures"
    with pytest.raises(PosError):
        till.kpis.store(till.kpis.today(), till.staff)

    dialog = MyKpisDialog(till, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.load()
    wait_until(lambda: dialog.values["myNet"].text() == "¥10.50", timeout_ms=20_000)
    assert dialog.values["mySales"].text() == "1"  # her one sale today, not 李雷's


def test_a_manager_gets_both(selling):
    window, _shop = selling()
    window.till.sign_in("9001", "9999")
    assert {"kpis", "my_kpis"} <= set(_tools(window))
