"""After any tool's window closes, the keys go back to the sale screen's scan field in an
active main window (tester 20 #7: after the KPI dashboard closed, shortcuts and a wedge
scanner's keys went nowhere until a click). The rule lives in one place (ui.widgets.focus
FocusKeeper), so a tool needs no code of its own for it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QVBoxLayout

from tests.ui.conftest import pump, wait_until
from tests.ui.keyboard import focus, key
from tests.ui.test_sale_flow import sign_in_by_keyboard
from ui.tools import Tool, ToolsMenu


def _field_dialog(parent) -> QDialog:
    dialog = QDialog(parent)
    QVBoxLayout(dialog).addWidget(QLineEdit(dialog))
    return dialog


def test_the_scan_field_has_the_keys_again_after_a_tool_window_closes(make_window):
    window, _container = make_window()
    seen: list[str] = []

    def tool(context) -> None:  # a tool that, like the dashboard, does nothing about focus
        dialog = _field_dialog(context.window)
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        dialog.show()
        dialog.activateWindow()
        dialog.findChild(QLineEdit).setFocus()
        seen.append("open")

    menu = ToolsMenu(window.sale, window.sale.scan_edit, window.sale.button_grid,
                     window.tool_context, [Tool("t", "T", "Ctrl+Shift+H", None, tool)])
    sign_in_by_keyboard(window)
    menu.run("t")
    dialog = QApplication.activeModalWidget()
    wait_until(lambda: dialog is not None and dialog.isActiveWindow())
    window.sale.scan_edit.clearFocus()
    key(Qt.Key.Key_Escape)  # closes the dialog as a person does
    wait_until(lambda: not dialog.isVisible())
    wait_until(lambda: focus() is window.sale.scan_edit and window.isActiveWindow())
    pump(50)
    assert focus() is window.sale.scan_edit


def test_a_window_closing_with_no_active_window_left_gives_the_keys_back(make_window):
    """What a kiosk without a window manager does: no window is active once the tool's
    window is gone; the main window is activated again and its scan field focused."""
    window, _container = make_window()
    sign_in_by_keyboard(window)
    side = _field_dialog(None)  # a top-level window of its own, as the dashboard's can be
    side.show()
    side.activateWindow()
    wait_until(side.isActiveWindow)
    side.findChild(QLineEdit).setFocus()
    side.hide()
    wait_until(lambda: focus() is window.sale.scan_edit and window.isActiveWindow())
