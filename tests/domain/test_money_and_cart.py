"""Money never drifts: allocation, tax and totals are exact in integer fen."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos_app.domain.cart import Cart, ProductSnapshot
from pos_app.domain.money import (
    allocate,
    div_round_half_up,
    format_money,
    parse_yuan,
    tax_included,
    yuan_text,
)
from pos_app.domain.tenders import Tender, TenderKind, settle
from pos_app.errors import PosError

prices = st.integers(min_value=0, max_value=1_000_000)
products = st.builds(
    ProductSnapshot,
    product_id=st.uuids().map(str),
    sku=st.text(min_size=1, max_size=8),
    name=st.text(max_size=10),
    unit_price=prices,
    tax_rate_bp=st.sampled_from([0, 600, 900, 1300]),
)


@given(st.integers(0, 10**9), st.lists(st.integers(0, 10**6), min_size=1, max_size=30))
def test_allocation_sums_exactly_and_is_proportional_within_a_fen(total, weights):
    shares = allocate(total, weights)
    assert sum(shares) == total
    weight_sum = sum(weights) or len(weights)
    for share, weight in zip(shares, weights, strict=True):
        exact = total * (weight if sum(weights) else 1) / weight_sum
        assert abs(share - exact) < 1 + 1e-9


@given(st.lists(st.tuples(products, st.integers(1, 50)), min_size=1, max_size=12),
       st.data())
def test_cart_totals_never_drift(lines, data):
    cart = Cart()
    for product, qty in lines:
        cart.add(product, qty)
    for line in list(cart.lines):
        discount = data.draw(st.integers(0, line.gross))
        cart.set_line_discount(line.line_id, discount, "test")
    base = cart.totals_before_order_discount()
    cart.set_order_discount(data.draw(st.integers(0, base)), "order")
    totals = cart.totals()
    assert sum(p.net for p in totals.lines) == totals.total
    assert totals.total == totals.subtotal - totals.discount_total
    assert totals.total == base - cart.order_discount
    assert all(p.net >= 0 for p in totals.lines)
    assert totals.tax_total == sum(p.tax for p in totals.lines)
    assert all(0 <= p.tax <= p.net for p in totals.lines)


@given(st.integers(0, 10**8))
def test_yuan_text_round_trips(fen):
    assert parse_yuan(yuan_text(fen)) == fen
    assert parse_yuan(format_money(fen)) == fen


@pytest.mark.parametrize("text", ["", "abc", "1.234", "1e3", "¥", "1..2", "nan"])
def test_non_amounts_are_refused(text):
    assert parse_yuan(text) is None


def test_tax_inside_a_tax_inclusive_price_rounds_half_up():
    assert tax_included(11300, 1300) == 1300
    assert tax_included(350, 1300) == 40  # 350 × 13 / 113 = 40.27
    assert div_round_half_up(5, 2) == 3 and div_round_half_up(-5, 2) == -3


def test_cash_gives_change_other_tenders_do_not():
    assert settle(1250, [Tender(TenderKind.CASH, 2000)]).change == 750
    with pytest.raises(PosError) as info:
        settle(1250, [Tender(TenderKind.CARD, 2000)])
    assert info.value.code == "change_without_cash"
    with pytest.raises(PosError) as info:
        settle(1250, [Tender(TenderKind.CASH, 1000)])
    assert info.value.code == "tender_below_total"
    with pytest.raises(PosError):
        settle(100, [Tender(TenderKind.CASH, 0)])


@given(st.integers(0, 10**7), st.lists(st.integers(1, 10**6), min_size=1, max_size=5))
def test_settlement_change_never_exceeds_cash(total, cash_amounts):
    tenders = [Tender(TenderKind.CASH, a) for a in cash_amounts]
    try:
        result = settle(total, tenders)
    except PosError as exc:
        assert exc.code == "tender_below_total"
        assert sum(cash_amounts) < total
        return
    assert result.change == sum(cash_amounts) - total
    assert 0 <= result.change <= sum(cash_amounts)


def test_repeat_scans_bump_one_line_but_tracked_units_get_their_own():
    cola = ProductSnapshot("p1", "COLA", "可口可乐", 350)
    watch = ProductSnapshot("p2", "WATCH", "智能手表", 99900, unit_tracked=True)
    cart = Cart()
    cart.add(cola)
    cart.add(cola, 2)
    cart.add(watch)
    cart.add(watch)
    assert [line.quantity for line in cart.lines] == [3, 1, 1]
    with pytest.raises(PosError):
        cart.set_quantity(cart.lines[1].line_id, 2)


def test_line_changes_cannot_push_the_total_below_zero_under_an_order_discount():
    cart = Cart()
    line = cart.add(ProductSnapshot("p1", "A", "A", 1000), 3)
    cart.set_order_discount(2500, "vip")
    with pytest.raises(PosError) as info:
        cart.set_quantity(line.line_id, 1)
    assert info.value.code == "discount_too_large"
    with pytest.raises(PosError):
        cart.set_line_discount(line.line_id, 1000)
    assert cart.totals().total == 500


@given(st.lists(st.tuples(products, st.integers(1, 20)), min_size=1, max_size=6), st.data())
def test_any_order_of_edits_keeps_the_total_between_zero_and_list_price(lines, data):
    cart = Cart()
    for product, qty in lines:
        cart.add(product, qty)
    for _ in range(data.draw(st.integers(1, 8))):
        line = data.draw(st.sampled_from(cart.lines))
        action = data.draw(st.sampled_from(["qty", "line", "order"]))
        try:
            if action == "qty":
                cart.set_quantity(line.line_id, data.draw(st.integers(1, 20)))
            elif action == "line":
                cart.set_line_discount(line.line_id, data.draw(st.integers(0, line.gross)))
            else:
                cart.set_order_discount(data.draw(st.integers(0, 10**6)))
        except PosError:
            pass
        totals = cart.totals()
        assert 0 <= totals.total <= totals.subtotal
        assert sum(p.net for p in totals.lines) == totals.total
