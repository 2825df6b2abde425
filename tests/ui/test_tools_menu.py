"""The "More…" menu (ui/tools): a tool is listed for the roles the permissions table does
not refuse, its hotkey works from the focused scan field, and a refused key says why."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from pos_app.domain.permissions import Action
from tests.ui.conftest import pump, wait_until
from tests.ui.keyboard import focus
from tests.ui.test_sale_flow import sign_in_by_keyboard
from ui.tools import Tool, ToolsMenu


def _menu(window, opened: list[str]) -> ToolsMenu:
    tools = [
        Tool("everyone", "Help", "Ctrl+Shift+H", None, lambda c: opened.append("everyone")),
        Tool("kpis", "Guide KPIs", "Ctrl+Shift+J", Action.SEE_STORE_KPIS,
             lambda c: opened.append("kpis")),
        Tool("nosale", "Open drawer", "", Action.NO_SALE, lambda c: opened.append("nosale")),
    ]
    return ToolsMenu(window.sale, window.sale.scan_edit, window.sale.button_grid,
                     window.tool_context, tools)


def _chord(letter: Qt.Key) -> None:
    """Ctrl+Shift+letter held as a person holds it, sent to the focused scan field."""
    mods = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    QTest.keyPress(focus(), letter, mods)
    pump(60)
    QTest.keyRelease(focus(), letter, mods)
    pump(20)


def _names(menu: ToolsMenu) -> list[str]:
    return [a.objectName() for a in menu.build_menu().actions()]


def test_a_cashier_sees_the_tools_not_refused_to_them_and_a_manager_all(make_window):
    window, _container = make_window()
    opened: list[str] = []
    menu = _menu(window, opened)
    sign_in_by_keyboard(window)  # the demo cashier
    assert _names(menu) == ["tool_everyone", "tool_nosale"]  # no-sale asks a manager
    window.sign_out()
    window.till.sign_in("9001", "9999")
    assert _names(menu) == ["tool_everyone", "tool_kpis", "tool_nosale"]


def test_a_tool_key_works_from_the_scan_field_and_a_refused_one_says_why(make_window):
    window, _container = make_window()
    opened: list[str] = []
    _menu(window, opened)
    sign_in_by_keyboard(window)
    assert focus() is window.sale.scan_edit
    _chord(Qt.Key.Key_H)
    wait_until(lambda: opened == ["everyone"])
    _chord(Qt.Key.Key_J)
    wait_until(lambda: "manager" in window.sale.message.text())
    assert opened == ["everyone"]


def test_the_more_button_shows_its_key(make_window):
    window, _container = make_window()
    assert "Ctrl+M" in window.tools.button.text()
    assert window.tools.button in window.sale.button_grid.buttons
