"""The member price is charged (issue 12's defect): a member attached to the sale pays each
product's member price, a walk-in the list price; the sale rows, the event and the receipt
keep each line's adjustments by rule; parking keeps the price the customer was told."""

from __future__ import annotations

import sqlite3

from devices.printer.escpos_render import encode_text, render_receipt
from pos_app.domain.cart_snapshot import cart_from_json, cart_to_json
from tests.services.test_points import BAG, TEA, add_member, entries, payload
from tests.services.unit_world import pay_cash, rows, till_for


def member_prices(world, **by_sku: int) -> None:
    with sqlite3.connect(world.path) as conn:
        conn.executemany("UPDATE product SET member_price=? WHERE sku=?",
                         [(fen, sku) for sku, fen in by_sku.items()])


def test_attaching_a_member_charges_member_prices_and_detaching_restores_list_prices(world):
    member_prices(world, **{"SKU-BAG": 9900})
    member = add_member(world, tier="gold")
    till = till_for(world)
    till.sale.ring(BAG)
    till.sale.ring(TEA)
    assert till.sale.totals().total == 12900 + 550
    till.cart.attach_member(member)
    assert till.sale.totals().total == 9900 + 550
    till.cart.detach_member()
    assert till.sale.totals().total == 12900 + 550
    till.cart.attach_member(member)
    done = pay_cash(till)
    assert done.total == 9900 + 550
    assert done.points_earned == (9900 + 550) * 1500 // 100_000  # earned on what was paid
    assert entries(world, done.sale_id) == [(done.points_earned, "sale_earn", "pending", 0)]
    assert rows(world, "SELECT subtotal, discount_total, total FROM sale WHERE id=?",
                done.sale_id) == [(13450, 3000, 10450)]
    assert rows(world, "SELECT sku, unit_price, line_discount, order_discount, net FROM "
                "sale_line WHERE sale_id=? ORDER BY line_no", done.sale_id) == [
        ("SKU-BAG", 12900, 3000, 0, 9900), ("SKU-TEA", 550, 0, 0, 550)]
    assert rows(world, "SELECT kind, rule_id, name, amount, scope, reason LIKE '%99.00%' "
                "FROM sale_line_adjustment WHERE sale_id=?", done.sale_id) == [
        ("member_price", "member-price", "Member price", 3000, "line", 1)]
    bag, tea = payload(world, done.sale_id)["lines"]
    assert [(a["kind"], a["amount"]) for a in bag["adjustments"]] == [("member_price", 3000)]
    assert "adjustments" not in tea


def test_a_walk_in_pays_list_price_and_the_sale_is_written_as_before(world):
    member_prices(world, **{"SKU-BAG": 9900})
    till = till_for(world)
    till.sale.ring(BAG)
    done = pay_cash(till)
    assert done.total == 12900
    assert rows(world, "SELECT count(*) FROM sale_line_adjustment") == [(0,)]
    assert "adjustments" not in payload(world, done.sale_id)["lines"][0]


def test_the_cashiers_discounts_are_kept_rule_by_rule_after_the_member_price(world):
    member_prices(world, **{"SKU-BAG": 9900})
    till = till_for(world)
    line = till.sale.ring(BAG)
    till.sale.ring(TEA)
    till.cart.attach_member(add_member(world))
    till.cart.set_line_discount(line.line_id, 900, "damaged box")
    till.cart.set_order_discount(100, "regular")
    done = pay_cash(till)
    assert done.total == 12900 + 550 - 3000 - 900 - 100
    got = rows(world, "SELECT l.sku, a.seq, a.kind, a.amount, a.scope, a.reason FROM "
               "sale_line_adjustment a JOIN sale_line l ON l.id = a.sale_line_id "
               "ORDER BY l.line_no, a.seq")
    assert got == [("SKU-BAG", 1, "member_price", 3000, "line", got[0][5]),
                   ("SKU-BAG", 2, "manual_line", 900, "line", "damaged box"),
                   ("SKU-BAG", 3, "manual_order", 94, "order", "regular"),  # 94.2
                   ("SKU-TEA", 1, "manual_order", 6, "order", "regular")]  # 5.8
    assert rows(world, "SELECT sum(line_discount), sum(order_discount) FROM sale_line") == [
        (3900, 100)]


def test_the_receipt_prints_list_price_member_price_and_saving(world):
    member_prices(world, **{"SKU-BAG": 9900})
    till = till_for(world)
    till.sale.ring(BAG)
    till.cart.attach_member(add_member(world))
    done = pay_cash(till)
    world.receipts.set_language("zh_CN")
    receipt = world.receipts.receipt_for(done.sale_id)
    (line,) = receipt.lines
    assert (line.unit_price, line.member_unit_price, line.member_saving) == (12900, 9900, 3000)
    assert receipt.member_saving == 3000
    data = render_receipt(receipt, 32)
    for text in ("1 x ￥129.00", "会员价", "￥99.00", "会员优惠", "-￥30.00"):
        assert encode_text(text) in data, text


def test_a_parked_member_sale_resumes_at_the_member_price_it_was_told(world):
    member_prices(world, **{"SKU-BAG": 9900})
    till = till_for(world)
    till.sale.ring(BAG)
    till.cart.attach_member(add_member(world))
    back = cart_from_json(cart_to_json(till.cart))
    assert back.lines[0].product.member_price == 9900
    assert back.totals().total == 9900
    member_prices(world, **{"SKU-BAG": 8800})  # HQ changed it meanwhile: the told price holds
    assert back.totals().total == 9900
