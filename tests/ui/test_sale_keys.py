"""The sale screen's own keys, with the scan field focused as it always is: Del voids the
selected line, F3 takes its query out of the field, manager tools have hotkeys."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from pos_app.domain.tenders import Tender, TenderKind
from tests.ui.conftest import pump, wait_until
from tests.ui.keyboard import at_next_dialog, focus, key, keys, press_and_drive
from tests.ui.test_sale_flow import COLA, sign_in_by_keyboard
from ui.dialogs.receive_units import ReceiveUnitsDialog
from ui.dialogs.search import SearchDialog

TEA = "6920202888883"


def ring_up(window, *codes: str) -> None:
    for code in codes:
        window.till.sale.ring(code)
    window.sale.refresh()


def test_del_in_the_empty_scan_field_voids_the_selected_line(make_window):
    window, _container = make_window()
    sign_in_by_keyboard(window)
    ring_up(window, COLA, TEA)
    assert focus() is window.sale.scan_edit
    key(Qt.Key.Key_Up)  # the cola
    key(Qt.Key.Key_Delete)
    wait_until(lambda: [ln.product.barcode for ln in window.till.cart.lines] == [TEA])
    assert "Removed" in window.sale.message.text()
    assert focus() is window.sale.scan_edit


def test_del_with_text_in_the_field_edits_the_text_and_keeps_the_cart(make_window):
    window, _container = make_window()
    sign_in_by_keyboard(window)
    ring_up(window, COLA)
    keys("12")
    key(Qt.Key.Key_Home)
    key(Qt.Key.Key_Delete)
    assert window.sale.scan_edit.text() == "2"
    assert len(window.till.cart.lines) == 1


def test_f3_searches_for_what_was_typed_and_leaves_the_field_empty(make_window):
    window, _container = make_window()
    sign_in_by_keyboard(window)
    seen = []

    def at_search(dialog) -> None:
        assert isinstance(dialog, SearchDialog)
        seen.append(dialog.query.text())
        assert window.sale.scan_edit.text() == ""
        key(Qt.Key.Key_Escape)

    keys("cola")
    press_and_drive(Qt.Key.Key_F3, at_search)
    assert seen == ["cola"]
    wait_until(lambda: focus() is window.sale.scan_edit)
    assert window.sale.scan_edit.text() == ""


def test_a_cashier_has_no_manager_tools_even_by_key(make_window):
    window, _container = make_window()
    sign_in_by_keyboard(window)
    tap_ctrl_r()
    pump(200)
    assert QApplication.activeModalWidget() is None
    assert window.sale.buttons["receive"].isHidden()
    # said, not silent: a key that does nothing looks broken
    assert window.sale.message.text() == "Ctrl+R is a manager's tool: ask a manager to sign in."
    assert focus() is window.sale.scan_edit


def test_a_manager_opens_receive_units_with_ctrl_r_and_keys_come_back(make_window):
    window, _container = make_window()
    sign_in_by_keyboard(window, "9001", "9999")
    assert "Ctrl+R" in window.sale.buttons["receive"].text()
    assert "Ctrl+E" in window.sale.buttons["exceptions"].text()
    opened = []

    def at_receive(dialog) -> None:
        opened.append(type(dialog))
        key(Qt.Key.Key_Escape)

    press_and_drive_ctrl_r(at_receive)
    assert opened == [ReceiveUnitsDialog]
    wait_until(lambda: focus() is window.sale.scan_edit)


def tap_ctrl_r() -> None:
    QTest.keyClick(focus(), Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)


def press_and_drive_ctrl_r(action) -> None:
    errors = at_next_dialog(action)
    tap_ctrl_r()
    if errors:
        raise errors[0]


@pytest.mark.parametrize("hotkey", [Qt.Key.Key_F3, Qt.Key.Key_F4, Qt.Key.Key_F6,
                                    Qt.Key.Key_F7, Qt.Key.Key_F8, Qt.Key.Key_F10,
                                    Qt.Key.Key_F11, Qt.Key.Key_F12])
def test_after_any_dialog_closes_by_esc_the_keys_are_back_in_the_scan_field(make_window, hotkey):
    window, _container = make_window()
    sign_in_by_keyboard(window)
    ring_up(window, COLA)
    window.till.sale.complete([Tender(TenderKind.CASH, 350)])  # a last receipt for F8
    ring_up(window, TEA)  # a line for F4 / F6, a cart for F12
    key(Qt.Key.Key_Up)
    seen = []

    def close_it(dialog) -> None:
        seen.append(type(dialog).__name__)
        key(Qt.Key.Key_Escape)

    press_and_drive(hotkey, close_it)
    assert seen, "the key opened no dialog"
    wait_until(lambda: QApplication.activeModalWidget() is None)
    wait_until(lambda: focus() is window.sale.scan_edit)
    keys("1")  # and typing goes there
    assert window.sale.scan_edit.text() == "1"


def test_sync_now_has_ctrl_s_while_the_till_is_paired(qtbot):
    from PySide6.QtWidgets import QMainWindow

    from sync.status import SyncStatus
    from ui.widgets.sync_badge import SyncBadge

    window = QMainWindow()
    badge = SyncBadge()
    window.statusBar().addPermanentWidget(badge)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    wait_until(window.isActiveWindow)
    pressed = []
    badge.sync_now_requested.connect(lambda: pressed.append(True))
    QTest.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert pressed == []  # a stand-alone till has no sync to start
    badge.show_status(SyncStatus("online"))
    assert "Ctrl+S" in badge.sync_button.text()
    QTest.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert pressed == [True]
