"""The sale screen switches on a scan's outcome: a unit unknown to this store asks for a
manager's code and PIN (the one approval path), sells once approved, and is refused with its
reason when the manager cancels; buttons follow what the signed-in person may do."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from pos_app.domain.permissions import Action
from tests.ui.conftest import db_rows, on_modal_of, press, wait_until
from tests.ui.test_hold_and_void import approve_as_manager
from tests.ui.test_sale_flow import scan_with_wedge, sign_in_by_keyboard
from tests.ui.test_units_and_guides import _tracked_product
from ui.dialogs.manager_pin import ManagerPinDialog


def test_an_unknown_unit_sells_once_a_manager_approves_and_is_refused_when_cancelled(
        make_window):
    window, container = make_window()
    db = container.data_dir / "terminal.db"
    _sku, ean, _name = _tracked_product(db)
    sign_in_by_keyboard(window)  # 李娜, a cashier
    assert not window.till.may(Action.RECEIVE_UNITS)
    assert window.sale.buttons["receive"].isHidden()
    assert window.sale.buttons["exceptions"].isHidden()

    on_modal_of(ManagerPinDialog, lambda dialog: press(dialog, Qt.Key.Key_Escape))
    scan_with_wedge(f"(01)0{ean}(21)NEVER-SEEN-1")
    wait_until(lambda: window.sale.message.kind == "error")
    assert "unknown" in window.sale.message.text().lower()
    assert window.till.sale.is_empty
    wait_until(lambda: QApplication.focusWidget() is window.sale.scan_edit)  # keys come back

    on_modal_of(ManagerPinDialog, approve_as_manager)
    scan_with_wedge(f"(01)0{ean}(21)NEVER-SEEN-2")
    wait_until(lambda: not window.till.sale.is_empty)
    (line,) = window.till.cart.lines
    assert line.unit_code == f"0{ean}:NEVER-SEEN-2" and line.unit_override_by
    assert db_rows(db, "SELECT entity_id FROM audit_log WHERE action = 'unit_override'") == [
        (f"0{ean}:NEVER-SEEN-2",)]
