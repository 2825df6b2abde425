"""A scan whose open-cart save missed SQLite's write lock (a sync page or the member name
index build held it) reaches the disk once the lock is free, though the cashier does nothing
more: the window's CartSaveRetry asks the till to pay what it owes (ui/widgets/cart_retry)."""

from __future__ import annotations

import sqlite3

from tests.ui.conftest import db_rows, wait_until
from tests.ui.test_sale_flow import scan_with_wedge, sign_in_by_keyboard

COLA, TEA = "6901234567892", "6920202888883"


def test_a_missed_open_cart_save_is_retried_without_a_new_scan(make_window):
    window, container = make_window()
    sign_in_by_keyboard(window)
    db = container.data_dir / "terminal.db"
    scan_with_wedge(COLA)
    wait_until(lambda: db_rows(db, "SELECT item_count FROM parked_cart") == [(1,)])
    busy = sqlite3.connect(db, timeout=0, isolation_level=None)
    busy.execute("BEGIN IMMEDIATE")  # a long writer elsewhere
    try:
        scan_with_wedge(TEA)
        wait_until(lambda: len(window.till.cart.lines) == 2)  # the scan itself worked
        assert window.till.sale.held.unsaved
    finally:
        busy.execute("ROLLBACK")
        busy.close()
    wait_until(lambda: db_rows(db, "SELECT item_count FROM parked_cart") == [(2,)],
               timeout_ms=5000)
    assert not window.till.sale.held.unsaved
