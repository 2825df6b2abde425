"""Unit codes scanned through the wedge under a Chinese IME, guides per line, returns by QR."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from pos_app.services.units import UnitService
from tests.ui.conftest import db_rows, on_next_modal, press, wait_until
from tests.ui.test_sale_flow import pay_exact_cash_with_keys, scan_with_wedge, sign_in_by_keyboard


def _tracked_product(db) -> tuple[str, str, str]:
    """(sku, EAN-13 barcode, name) of a unit-tracked demo product."""
    return db_rows(
        db,
        "SELECT p.sku, b.code, p.name_zh FROM product p JOIN barcode b ON b.product_id = p.id"
        " WHERE p.unit_tracked = 1 AND length(b.code) = 13 ORDER BY p.sku LIMIT 1",
    )[0]


def scan_through_chinese_ime(code: str) -> None:
    """What a scanner's keys look like with a pinyin IME on: a growing composition (preedit),
    the IME committing it, then the scanner's Enter suffix."""
    target = QApplication.focusWidget()
    for i in range(1, len(code) + 1):
        QApplication.sendEvent(target, QInputMethodEvent(code[:i], []))
    event = QInputMethodEvent("", [])
    event.setCommitString(code)
    QApplication.sendEvent(target, event)
    press(QApplication.focusWidget(), Qt.Key.Key_Return)


def test_unit_code_through_the_wedge_under_an_ime_sells_it_with_the_guide(make_window):
    window, container = make_window()
    db = container.data_dir / "terminal.db"
    sku, ean, _name = _tracked_product(db)
    code = f"(01)0{ean}(21)SN-UI-1"
    units = UnitService(container.engine, container.till.terminal)
    manager = next(s for s in container.till.staff_list() if s.is_manager)
    assert units.receive([code], manager).problems == []

    sign_in_by_keyboard(window, "2001", "2222")  # 王芳, a guide
    scan_with_wedge(ean)  # the plain product barcode of a tracked product
    wait_until(lambda: window.sale.message.kind == "error")
    assert "unit code" in window.sale.message.text()
    assert window.till.cart.is_empty

    scan_through_chinese_ime(code)
    wait_until(lambda: len(window.till.cart.lines) == 1)
    line = window.till.cart.lines[0]
    assert line.unit_code == f"0{ean}:SN-UI-1" and line.product.sku == sku
    assert line.guide_id == window.till.staff.id
    assert window.sale.scan_edit.text() == ""
    table = window.sale.cart_table
    assert table.item(0, 6).text() == "王芳"
    assert f"0{ean}:SN-UI-1" in table.item(0, 1).text()

    # F6: this line's guide; "2" picks the second guide in the list (the manager).
    on_next_modal(lambda dialog: press(dialog.list, Qt.Key.Key_2))
    press(QApplication.focusWidget(), Qt.Key.Key_F6)
    wait_until(lambda: window.till.cart.lines[0].guide_id == manager.id)
    assert table.item(0, 6).text() == manager.name
    wait_until(lambda: QApplication.focusWidget() is window.sale.scan_edit)

    pay_exact_cash_with_keys(window)
    assert db_rows(db, "SELECT unit_code, guide_id FROM sale_line") == [
        (f"0{ean}:SN-UI-1", manager.id)
    ]
    assert units.lookup(f"0{ean}:SN-UI-1").state == "sold"
    receipt_no = db_rows(db, "SELECT receipt_no FROM sale")[0][0]

    scan_through_chinese_ime(code)  # the same unit again: refused with the receipt
    wait_until(lambda: receipt_no in window.sale.message.text())
    assert window.till.cart.is_empty


def test_scanning_a_receipt_qr_opens_returns_and_puts_the_unit_back(make_window):
    window, container = make_window()
    db = container.data_dir / "terminal.db"
    _sku, ean, _name = _tracked_product(db)
    code = f"(01)0{ean}(21)SN-UI-2"
    units = UnitService(container.engine, container.till.terminal)
    manager = next(s for s in container.till.staff_list() if s.is_manager)
    assert units.receive([code], manager).problems == []
    sign_in_by_keyboard(window)
    scan_with_wedge(code)
    wait_until(lambda: len(window.till.cart.lines) == 1)
    pay_exact_cash_with_keys(window)
    sale_id = db_rows(db, "SELECT id FROM sale")[0][0]

    def refund(dialog) -> None:
        assert dialog.sale is not None and dialog.sale.sale_id == sale_id
        dialog.tick(0)
        assert "Refund" in dialog.summary.text()
        dialog.confirm.click()

    on_next_modal(refund)
    scan_with_wedge(f"SFR:{sale_id}")
    wait_until(lambda: "refund" in window.sale.message.text())
    assert units.lookup(f"0{ean}:SN-UI-2").state == "in_stock"
    assert db_rows(db, "SELECT count(*) FROM sale_return") == [(1,)]
