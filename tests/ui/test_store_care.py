"""Once the sale screen is up the store file is checked in the background; damage found
there stops selling with a clear message, and the cart stays on the screen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from pos_app.services.store_care import StoreCare
from tests.storage.test_store_care import damage_an_index
from tests.ui.conftest import db_rows, on_next_modal, press, wait_until
from tests.ui.test_sale_flow import COLA, scan_with_wedge, sign_in_by_keyboard
from ui.store_care import StoreCareWatch


def test_damage_found_in_the_background_stops_the_sale_and_keeps_the_cart(make_window):
    window, container = make_window()
    sign_in_by_keyboard(window)
    scan_with_wedge(COLA)
    wait_until(lambda: len(window.till.cart.lines) == 1)
    db = container.data_dir / "terminal.db"
    (sku,) = db_rows(db, "SELECT sku FROM product ORDER BY sku LIMIT 1")[0]
    damage_an_index(db, sku.encode())

    watch = StoreCareWatch(window, StoreCare(container.data_dir, container.engine),
                           first_delay_ms=0)
    wait_until(lambda: watch.damage is not None, 10000)
    box = window.findChild(QMessageBox, "store_damaged_box")
    assert box is not None and box.isVisible()
    assert "Selling is stopped" in box.text() and "shopfloor recover" in box.text()
    assert "shopfloor recover" in window.sale.message.text()
    box.accept()

    seen = {}

    def in_dialog(dialog) -> None:
        press(dialog.amount_edit, Qt.Key.Key_Return)  # exact cash
        seen["error"] = dialog.message.text()
        press(dialog.amount_edit, Qt.Key.Key_Escape)

    on_next_modal(in_dialog)
    window.activateWindow()
    window.sale.scan_edit.setFocus()
    wait_until(lambda: QApplication.focusWidget() is window.sale.scan_edit)
    press(window.sale.scan_edit, Qt.Key.Key_F12)
    assert "Selling is stopped" in seen["error"]
    assert len(window.till.cart.lines) == 1  # the cart is kept
    assert db_rows(db, "SELECT count(*) FROM sale") == [(0,)]
    from local_db import health

    health.forget(container.engine)
