"""A manager receives a delivery by scanning unit codes; a cashier cannot."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from tests.ui.conftest import db_rows, on_next_modal, wait_until
from tests.ui.test_sale_flow import scan_with_wedge, sign_in_by_keyboard


def test_manager_scans_a_delivery_into_stock(make_window):
    window, container = make_window()
    sign_in_by_keyboard(window, "9001", "9999")
    assert window.sale.buttons["receive"].isVisibleTo(window)
    seen = {}

    def in_dialog(dialog) -> None:
        scan_with_wedge("(01)06966014000105(21)NEW100")
        wait_until(lambda: len(dialog.codes) == 1)
        scan_with_wedge("(01)06966014000105(21)NEW100")  # twice: said at once, kept once
        wait_until(lambda: dialog.message.kind == "error")
        seen["dup"] = dialog.message.text()
        scan_with_wedge("SFU:NO-SUCH-SKU:1")
        wait_until(lambda: len(dialog.codes) == 2)
        dialog.receive()
        seen["listing"] = [dialog.listing.item(i).text() for i in range(dialog.listing.count())]
        seen["message"] = dialog.message.text()
        dialog.accept()

    on_next_modal(in_dialog)
    window.sale.buttons["receive"].click()
    assert "scanned already" in seen["dup"]
    assert "1 units are now in stock" in seen["message"]
    assert len(seen["listing"]) == 1 and "NO-SUCH-SKU" in seen["listing"][0]
    db = container.data_dir / "terminal.db"
    assert db_rows(db, "SELECT state FROM unit WHERE serial = 'NEW100'") == [("in_stock",)]
    assert QApplication.activeModalWidget() is None


def test_the_receive_button_is_for_managers_only(make_window):
    window, _container = make_window()
    sign_in_by_keyboard(window)
    assert not window.sale.buttons["receive"].isVisibleTo(window)
