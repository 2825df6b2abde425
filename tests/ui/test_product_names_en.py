"""An English screen names products in English where the catalogue has an English name
(cart, F3 search, the F4 dialog), a Chinese screen in Chinese; the printed receipt keeps the
store's receipt language whatever the screen speaks."""

from __future__ import annotations

from PySide6.QtCore import Qt

from pos_app import i18n
from pos_app.domain.cart import ProductSnapshot
from tests.ui.conftest import wait_until
from tests.ui.test_product_search_ui import search_and_take_first
from tests.ui.test_sale_flow import COLA, scan_with_wedge, sign_in_by_keyboard
from ui.widgets.product_name import product_name


def cart_names(window) -> list[str]:
    model = window.sale.cart_table.cart_model
    return [str(model.data(model.index(r, 1), Qt.ItemDataRole.DisplayRole)).split("\n")[0]
            for r in range(model.rowCount())]


def test_english_screen_shows_english_names_in_cart_and_search(make_window):
    window, _container = make_window(language="en")
    sign_in_by_keyboard(window)
    scan_with_wedge(COLA)
    wait_until(lambda: len(window.till.cart.lines) == 1)
    assert cart_names(window) == ["Coca-Cola 330ml"]
    seen = search_and_take_first(window, "kkl 330")  # pinyin still finds it
    assert seen["first"].startswith("Coca-Cola 330ml") and "可口可乐" not in seen["first"]
    wait_until(lambda: sum(ln.quantity for ln in window.till.cart.lines) == 2)
    assert cart_names(window) == ["Coca-Cola 330ml"]
    assert window.till.cart.lines[0].product.name == "可口可乐 330ml"  # the sale row's name


def test_chinese_screen_shows_chinese_names(make_window):
    window, _container = make_window(language="zh_CN")
    sign_in_by_keyboard(window)
    scan_with_wedge(COLA)
    wait_until(lambda: len(window.till.cart.lines) == 1)
    assert cart_names(window) == ["可口可乐 330ml"]
    seen = search_and_take_first(window, "kkl 330")
    assert seen["first"].startswith("可口可乐 330ml") and "Coca-Cola" not in seen["first"]


def test_a_product_without_an_english_name_keeps_its_chinese_one():
    plain = ProductSnapshot(product_id="p", sku="X-1", name="手工皂", unit_price=1000)
    i18n.set_language("en")
    try:
        assert product_name(plain) == "手工皂"
        assert product_name(ProductSnapshot("p", "X-1", "手工皂", 1000, name_en="Soap")) == "Soap"
    finally:
        i18n.set_language("zh_CN")
    assert product_name(ProductSnapshot("p", "X-1", "手工皂", 1000, name_en="Soap")) == "手工皂"


def test_the_return_screen_names_the_sold_line_in_the_screens_language(make_window, qtbot):
    from pos_app.domain.tenders import Tender, TenderKind
    from ui.returns.lines_table import NAME, ReturnLinesTable

    window, _container = make_window(language="en")
    sign_in_by_keyboard(window)
    window.till.sale.ring(COLA)
    receipt = window.till.sale.complete([Tender(TenderKind.CASH, 350)]).receipt_no
    sale = window.till.returns.find_sale(receipt)
    assert (sale.lines[0].name, sale.lines[0].name_en) == ("可口可乐 330ml", "Coca-Cola 330ml")
    table = ReturnLinesTable()
    qtbot.addWidget(table)
    table.show_lines(sale.lines)
    assert table.item(0, NAME).text() == "Coca-Cola 330ml"
    i18n.set_language("zh_CN")
    try:
        table.show_lines(sale.lines)
        assert table.item(0, NAME).text() == "可口可乐 330ml"
    finally:
        i18n.set_language("en")
