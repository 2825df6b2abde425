"""The cart table shows what each rule took off a line: a member-priced line names the
member price under the product, keeps the list price in its Price column, and lists every
adjustment (rule and amount) in the row's tooltip."""

from __future__ import annotations

from pos_app import i18n
from pos_app.domain.cart import Cart, ProductSnapshot
from ui.widgets.cart_table import CartTable

COLA = ProductSnapshot("p-cola", "COLA", "可乐", 1200, member_price=1000)
TEA = ProductSnapshot("p-tea", "TEA", "茶", 550)


def test_a_member_priced_line_shows_the_member_price_and_its_adjustments(qtbot):
    i18n.set_language("en")
    table = CartTable()
    qtbot.addWidget(table)
    cart = Cart()
    cola = cart.add(COLA, 2)
    cart.add(TEA)
    cart.attach_member("m-1")
    cart.set_line_discount(cola.line_id, 150, "damaged box")
    table.show_totals(cart.totals())
    assert table.item(0, 1).text() == "可乐\nMember price ¥10.00"
    assert table.item(0, 3).text() == "¥12.00"  # the list price, as scanned
    assert table.item(0, 4).text() == "¥5.50" and table.item(0, 5).text() == "¥18.50"
    assert table.item(0, 5).toolTip() == "Member price -¥4.00\nDiscount -¥1.50 (damaged box)"
    assert table.item(1, 1).text() == "茶" and table.item(1, 4).text() == ""
    assert table.item(1, 1).toolTip() == ""
    cart.detach_member()
    table.show_totals(cart.totals())
    assert table.item(0, 1).text() == "可乐" and table.item(0, 5).text() == "¥22.50"
    i18n.set_language("zh_CN")
    table.show_totals(cart.totals([]))
    cart.attach_member("m-1")
    table.show_totals(cart.totals())
    assert table.item(0, 1).text() == "可乐\n会员价 ¥10.00"
