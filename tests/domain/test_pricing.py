"""The pricing seam: member price charged to members, manual discounts last, member days as
a points rule, every fen accounted for by a named rule, whatever order rules are given in."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos_app.domain.cart import Cart, ProductSnapshot
from pos_app.domain.member_days import MemberDays
from pos_app.domain.pricing import (
    CART_RULES,
    LinesOff,
    MemberDayPoints,
    PricingContext,
    RuleRef,
    price_cart,
)
from pos_app.errors import PosError

COLA = ProductSnapshot("p-cola", "COLA", "可乐", 1200, member_price=1000)
TEA = ProductSnapshot("p-tea", "TEA", "茶", 550)  # no member price
FREE_FOR_MEMBERS = ProductSnapshot("p-gift", "GIFT", "赠品", 300, member_price=0)


def kinds(priced_line):
    return [(a.rule.kind, a.amount, a.scope) for a in priced_line.adjustments]


def test_a_member_pays_the_member_price_and_the_line_says_which_rule_took_what():
    cart = Cart()
    cart.add(COLA, 2)
    cart.add(TEA)
    assert cart.totals().total == 2 * 1200 + 550  # no member: list prices
    cart.attach_member("m-1", "silver")
    totals = cart.totals()
    assert totals.subtotal == 2950 and totals.total == 2550 and totals.discount_total == 400
    cola, tea = totals.lines
    assert kinds(cola) == [("member_price", 400, "line")]
    assert cola.adjustments[0].rule.rule_id == "member-price"
    assert cola.adjustments[0].rule.name == "Member price"
    assert "10.00" in cola.adjustments[0].reason and "12.00" in cola.adjustments[0].reason
    assert cola.member_saving == 400 and cola.charged_unit_price == 1000
    assert cola.line_discount == 400 and cola.order_discount == 0 and cola.net == 2000
    assert tea.adjustments == () and tea.net == 550
    assert totals.member_saving == 400
    cart.detach_member()
    assert cart.totals().total == 2950 and cart.totals().lines[0].adjustments == ()


def test_manual_discounts_come_last_on_what_the_member_price_left():
    cart = Cart()
    line = cart.add(COLA, 2)
    cart.add(TEA)
    cart.attach_member("m-1")
    with pytest.raises(PosError) as err:  # the member price already took 4.00 of 24.00
        cart.set_line_discount(line.line_id, 2001)
    assert err.value.code == "discount_too_large" and err.value.params["amount"] == 2000
    cart.set_line_discount(line.line_id, 500, "damaged box")
    cart.set_order_discount(255, "regular customer")
    totals = cart.totals()
    cola, tea = totals.lines
    assert kinds(cola) == [("member_price", 400, "line"), ("manual_line", 500, "line"),
                           ("manual_order", 187, "order")]
    assert cola.adjustments[1].reason == "damaged box"
    assert kinds(tea) == [("manual_order", 68, "order")]  # 186.6 → 187, 68.4 → 68
    assert tea.adjustments[0].reason == "regular customer"
    assert totals.total == 2950 - 400 - 500 - 255
    assert sum(p.net for p in totals.lines) == totals.total
    with pytest.raises(PosError):  # what is left before the order discount: 2050
        cart.set_order_discount(2051)


def test_detaching_the_member_gives_the_line_its_list_price_back_but_keeps_the_discounts():
    cart = Cart()
    cart.add(COLA)
    cart.set_order_discount(1100)
    cart.attach_member("m-1")  # 1000 left after the member price: the order discount fits it
    assert cart.totals().total == 0
    cart.detach_member()
    assert cart.totals().total == 100


def test_a_member_price_of_zero_and_one_above_the_list_price():
    above = ProductSnapshot("p-odd", "ODD", "odd", 500, member_price=600)
    cart = Cart()
    cart.add(FREE_FOR_MEMBERS)
    cart.add(above)
    cart.attach_member("m-1")
    gift, odd = cart.totals().lines
    assert gift.net == 0 and gift.member_saving == 300
    assert odd.net == 500 and odd.adjustments == ()  # never a surcharge


def test_member_days_are_a_points_rule_that_moves_no_money():
    rule = MemberDayPoints(MemberDays(days_of_month=(8,), multiplier_permille=2000))
    cart = Cart()
    cart.add(TEA)
    on_the_8th = PricingContext(day=date(2026, 12, 8))
    assert cart.totals([rule], on_the_8th).points_permille == 1000  # no member
    cart.attach_member("m-1")
    priced = cart.totals([rule], on_the_8th)
    assert priced.points_permille == 2000 and priced.total == 550
    assert priced.points[0].rule.kind == "member_day" and "×2" in priced.points[0].reason
    assert cart.totals([rule], PricingContext(day=date(2026, 12, 9))).points_permille == 1000
    assert cart.totals([rule]).points_permille == 1000  # the day unknown: off


class GreedyRule:
    """A rule that asks for more than a line holds: the engine clamps it."""

    ref = RuleRef("test", "greedy", "Greedy")
    lane = 500

    def apply(self, cart, remaining, context):
        return (LinesOff(tuple((i, r + 999, "too much") for i, r in enumerate(remaining))),)


def test_no_rule_can_take_a_line_below_zero():
    cart = Cart()
    cart.add(COLA)
    cart.attach_member("m-1")
    priced = price_cart(cart, [*CART_RULES, GreedyRule()])
    assert priced.total == 0
    assert kinds(priced.lines[0]) == [("member_price", 200, "line"), ("test", 1000, "line")]


members_price = st.one_of(st.none(), st.integers(0, 20_000))
product = st.builds(ProductSnapshot, product_id=st.uuids().map(str), sku=st.just("S"),
                    name=st.just("n"), unit_price=st.integers(0, 20_000),
                    tax_rate_bp=st.sampled_from([0, 900, 1300]), member_price=members_price)


@given(st.lists(st.tuples(product, st.integers(1, 5), st.integers(0, 100)), min_size=1,
                max_size=8),
       st.integers(0, 100), st.booleans())
def test_priced_carts_add_up_to_the_fen_whatever_order_the_rules_come_in(items, order_pct,
                                                                        member):
    cart = Cart()
    for snapshot, qty, pct in items:
        line = cart.add(snapshot, qty)
        if member:
            cart.attach_member("m-1")
        room = cart.totals().lines[cart.lines.index(line)]
        cart.set_line_discount(line.line_id, (room.gross - room.automatic) * pct // 100)
    cart.set_order_discount(cart.totals_before_order_discount() * order_pct // 100)
    forward = price_cart(cart, CART_RULES)
    backward = price_cart(cart, tuple(reversed(CART_RULES)))
    assert forward == backward
    assert 0 <= forward.total <= forward.subtotal
    assert forward.discount_total == sum(a.amount for p in forward.lines for a in p.adjustments)
    for p in forward.lines:
        assert p.net == p.gross - p.line_discount - p.order_discount >= 0
        assert all(a.amount > 0 for a in p.adjustments)
