"""A cart written as a snapshot and read back is the same cart; a bad snapshot is refused."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos_app.domain.cart import Cart, ProductSnapshot
from pos_app.domain.cart_snapshot import cart_from_dict, cart_from_json, cart_to_dict, cart_to_json
from pos_app.errors import PosError

COLA = ProductSnapshot("p1", "SKU-COLA", "可口可乐 330ml", 350, 1300, "6901234567892")
BAG = ProductSnapshot("p2", "SKU-BAG", "帆布手提袋", 12900, 1300, "6937654321097", True)


def a_cart() -> Cart:
    cart = Cart(guide_id="g1")
    cola = cart.add(COLA, 3)
    cart.add(BAG, unit_code="06937654321097:BAG-1", unit_override_by="m1")
    cart.set_line_discount(cola.line_id, 100, "dented")
    cart.set_order_discount(500, "manager")
    cart.attach_member("mem-1", "gold")
    return cart


def test_a_cart_comes_back_field_for_field():
    cart = a_cart()
    back = cart_from_json(cart_to_json(cart))
    assert back == cart
    assert back.totals() == cart.totals()


def test_an_unchanged_cart_gives_the_same_text_so_saving_it_again_can_be_skipped():
    cart = a_cart()
    assert cart_to_json(cart) == cart_to_json(cart_from_json(cart_to_json(cart)))


@given(st.lists(st.tuples(st.integers(1, 50), st.integers(0, 99)), max_size=8))
def test_any_cart_of_quantities_and_discounts_round_trips(lines):
    cart = Cart()
    for i, (qty, off) in enumerate(lines):
        product = ProductSnapshot(f"p{i}", f"S{i}", f"商品{i}", 100, 1300)
        line = cart.add(product, qty)
        cart.set_line_discount(line.line_id, min(off, line.gross))
    assert cart_from_dict(cart_to_dict(cart)) == cart


@pytest.mark.parametrize("spoil", [
    lambda d: d.update(v=99),
    lambda d: d["lines"][0].update(quantity=0),
    lambda d: d["lines"][0].update(line_discount=10**9),
    lambda d: d["lines"][1].update(quantity=2),  # a unit line holds one item
    lambda d: d["lines"].append(dict(d["lines"][1])),  # the same unit twice
    lambda d: d.update(order_discount=10**9),
    lambda d: d["lines"][0].pop("product"),
])
def test_a_snapshot_that_does_not_hold_together_is_refused_not_half_restored(spoil):
    data = json.loads(cart_to_json(a_cart()))
    spoil(data)
    with pytest.raises(PosError) as info:
        cart_from_dict(data)
    assert info.value.code == "cart_snapshot_unreadable"


def test_text_that_is_not_a_snapshot_is_refused():
    for text in ("", "[]", "{not json"):
        with pytest.raises(PosError):
            cart_from_json(text)
