"""Hold and void at the till, by keyboard only: F5 parks the sale (挂单), Shift+F5 lists the
parked sales (↑/↓, Enter resumes, Del drops, Esc), Ctrl+Del voids the whole sale, and
closing the window with a sale or an open shift asks first; the sale survives a restart."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.ui.conftest import db_rows, on_modal_of, press, pump, wait_until
from tests.ui.test_sale_flow import COLA, scan_with_wedge, sign_in_by_keyboard, type_like_a_person
from ui.dialogs.manager_pin import ManagerPinDialog
from ui.parked.dialog import ParkedSalesDialog

TEA = "6920202888883"  # 东方树叶 茉莉花茶 500ml, ¥5.50


def key(combo: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    from PySide6.QtTest import QTest

    QTest.keyClick(QApplication.focusWidget(), combo, modifiers)


def approve_as_manager(dialog: ManagerPinDialog) -> None:
    """Typed by a person (a fast burst would be taken as a scan): code, Enter, PIN, Enter."""
    assert QApplication.focusWidget() is dialog.code_edit
    type_like_a_person("9001")
    press(dialog.code_edit, Qt.Key.Key_Return)
    type_like_a_person("9999")
    press(dialog.pin_edit, Qt.Key.Key_Return)


def ring_up(window, *codes: str) -> None:
    for n, code in enumerate(codes, start=1):
        scan_with_wedge(code)
        wait_until(lambda n=n: sum(ln.quantity for ln in window.till.cart.lines) == n)


def test_two_sales_parked_and_the_first_resumed_by_keyboard(make_window):
    window, _container = make_window()
    sign_in_by_keyboard(window)
    assert window.sale.buttons["hold"].text().endswith("F5")
    assert window.sale.buttons["resume"].text().endswith("Shift+F5")

    key(Qt.Key.Key_F5)  # nothing to park yet
    wait_until(lambda: window.sale.message.kind == "error")
    assert "nothing to park" in window.sale.message.text()
    ring_up(window, COLA)
    key(Qt.Key.Key_F5)
    wait_until(lambda: window.till.cart.is_empty)
    assert "parked" in window.sale.message.text()
    ring_up(window, TEA, TEA)
    key(Qt.Key.Key_F5)
    wait_until(lambda: window.till.cart.is_empty)
    seen = {}

    def pick_the_first(dialog: ParkedSalesDialog) -> None:
        seen["rows"] = [[dialog.table.item(r, c).text() for c in range(3)]
                        for r in range(dialog.table.rowCount())]
        key(Qt.Key.Key_Down)
        key(Qt.Key.Key_Up)
        key(Qt.Key.Key_Return)

    on_modal_of(ParkedSalesDialog, pick_the_first)
    key(Qt.Key.Key_F5, Qt.KeyboardModifier.ShiftModifier)
    wait_until(lambda: not window.till.cart.is_empty)

    assert [row[1:] for row in seen["rows"]] == [["1 item", "¥3.50"], ["2 items", "¥11.00"]]
    assert [ln.product.barcode for ln in window.till.cart.lines] == [COLA]
    assert "Resumed" in window.sale.message.text()
    wait_until(lambda: QApplication.focusWidget() is window.sale.scan_edit)


def test_resuming_with_a_sale_in_hand_parks_it_after_asking(make_window):
    window, _container = make_window()
    sign_in_by_keyboard(window)
    ring_up(window, COLA)
    key(Qt.Key.Key_F5)
    wait_until(lambda: window.till.cart.is_empty)
    ring_up(window, TEA)

    on_modal_of(QMessageBox, lambda box: key(Qt.Key.Key_Return))  # "Park it and resume"
    on_modal_of(ParkedSalesDialog, lambda dialog: key(Qt.Key.Key_Return))
    key(Qt.Key.Key_F5, Qt.KeyboardModifier.ShiftModifier)
    wait_until(lambda: [ln.product.barcode for ln in window.till.cart.lines] == [COLA])

    assert [p.total for p in window.till.held.parked()] == [550]
    assert "was parked" in window.sale.message.text()


def test_a_cashier_drops_a_parked_sale_after_asking_and_with_a_manager_pin(make_window):
    window, container = make_window()
    sign_in_by_keyboard(window)
    ring_up(window, COLA)
    key(Qt.Key.Key_F5)
    wait_until(lambda: window.till.cart.is_empty)
    seen = {}

    def drop_it(dialog: ParkedSalesDialog) -> None:
        # First Del: Enter is "Keep it"; second Del: Tab to "Drop it", Enter, manager PIN.
        on_modal_of(QMessageBox, lambda box: key(Qt.Key.Key_Return))
        key(Qt.Key.Key_Delete)
        wait_until(lambda: QApplication.focusWidget() is dialog.table)
        seen["kept"] = dialog.table.rowCount()

        def tab_and_drop(box) -> None:
            on_modal_of(ManagerPinDialog, approve_as_manager)
            key(Qt.Key.Key_Tab)
            key(Qt.Key.Key_Return)

        on_modal_of(QMessageBox, tab_and_drop)
        key(Qt.Key.Key_Delete)
        wait_until(lambda: dialog.isActiveWindow())
        seen["empty"] = dialog.empty_label.isVisibleTo(dialog)
        seen["note"] = dialog.error.text()
        key(Qt.Key.Key_Escape)

    on_modal_of(ParkedSalesDialog, drop_it)
    key(Qt.Key.Key_F5, Qt.KeyboardModifier.ShiftModifier)
    wait_until(lambda: "empty" in seen)

    assert seen["kept"] == 1 and seen["empty"] and "dropped" in seen["note"]
    assert window.till.cart.is_empty and window.till.held.parked() == []
    db = container.data_dir / "terminal.db"
    assert len(db_rows(db, "SELECT id FROM audit_log WHERE action='parked_sale_dropped'")) == 1


def test_ctrl_del_voids_the_whole_sale_after_asking_with_a_manager_pin(make_window):
    window, container = make_window()
    sign_in_by_keyboard(window)
    ring_up(window, COLA, TEA)
    assert window.sale.buttons["void_sale"].text().endswith("Ctrl+Del")

    on_modal_of(QMessageBox, lambda box: key(Qt.Key.Key_Return))  # Enter: "Keep sale"
    key(Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    pump(100)
    assert len(window.till.cart.lines) == 2

    def tab_and_void(box) -> None:
        on_modal_of(ManagerPinDialog, approve_as_manager)
        key(Qt.Key.Key_Tab)
        key(Qt.Key.Key_Return)

    on_modal_of(QMessageBox, tab_and_void)
    key(Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    wait_until(lambda: window.till.cart.is_empty)

    assert "voided" in window.sale.message.text()
    db = container.data_dir / "terminal.db"
    assert db_rows(db, "SELECT action FROM audit_log WHERE action='sale_voided'") == [
        ("sale_voided",)]
    assert db_rows(db, "SELECT count(*) FROM parked_cart") == [(0,)]
    assert db_rows(db, "SELECT count(*) FROM sale") == [(0,)]


def test_closing_with_a_sale_asks_enter_stays_and_the_sale_is_back_after_a_restart(
        make_window):
    window, _container = make_window()
    sign_in_by_keyboard(window)
    ring_up(window, COLA, TEA)
    seen = {}

    def read_and_stay(box: QMessageBox) -> None:
        seen["text"] = box.text()
        seen["buttons"] = sorted(b.text() for b in box.buttons())
        key(Qt.Key.Key_Return)

    on_modal_of(QMessageBox, read_and_stay)
    key(Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    wait_until(lambda: "text" in seen)
    pump(50)
    assert window.isVisible()
    assert "sale is in progress" in seen["text"] and "shift is still open" in seen["text"]
    assert seen["buttons"] == ["Close", "Don't close Esc"]

    on_modal_of(QMessageBox, lambda box: (key(Qt.Key.Key_Tab), key(Qt.Key.Key_Return)))
    key(Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    wait_until(lambda: not window.isVisible())

    again, _ = make_window()  # the till starts again on the same data
    again.signin.code_edit.setFocus()
    type_like_a_person("1001")
    press(QApplication.focusWidget(), Qt.Key.Key_Return)
    type_like_a_person("1111")
    press(QApplication.focusWidget(), Qt.Key.Key_Return)  # the shift is still open
    wait_until(lambda: again.stack.currentWidget() is again.sale)

    assert sorted(ln.product.barcode for ln in again.till.cart.lines) == sorted([COLA, TEA])
    assert "is back" in again.sale.message.text()
    assert again.sale.total_label.text() == "¥9.00"


def test_closing_without_a_sale_or_shift_asks_nothing(make_window):
    window, _container = make_window()
    key(Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)  # at the sign-in screen
    wait_until(lambda: not window.isVisible())
