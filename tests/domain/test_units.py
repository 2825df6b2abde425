"""The unit state machine and its refusal reasons, without a database."""

from __future__ import annotations

import pytest

from pos_app.domain.cart import Cart, ProductSnapshot
from pos_app.domain.units import OVERRIDABLE, can_move, check_move, sale_refusal
from pos_app.errors import PosError


@pytest.mark.parametrize(
    ("start", "end", "ok"),
    [
        ("in_stock", "sold", True), ("sold", "returned", True), ("returned", "in_stock", True),
        ("in_stock", "gifted", True), ("in_stock", "written_off", True),
        ("sold", "sold", False), ("sold", "in_stock", False), ("gifted", "in_stock", False),
        ("written_off", "sold", False), ("bogus", "sold", False),
    ],
)
def test_allowed_moves(start, end, ok):
    assert can_move(start, end) is ok
    if not ok:
        with pytest.raises(PosError):
            check_move("K", start, end)


def test_refusals_name_the_reason_and_only_unknown_is_overridable():
    assert sale_refusal("K", "in_stock") is None
    sold = sale_refusal("K", "sold", receipt="S01-T02-000123", date="2026-11-20", guide="王芳")
    assert sold.message() == (
        "Unit K was already sold on receipt S01-T02-000123 on 2026-11-20 by guide 王芳."
    )
    assert sale_refusal("K", None).code == "unit_unknown"
    assert sale_refusal("K", "in_stock", in_this_store=False).code == "unit_other_store"
    assert sale_refusal("K", "gifted").code == "unit_gifted"
    assert {"unit_unknown"} == OVERRIDABLE


def test_a_cart_holds_a_unit_once_at_quantity_one():
    bag = ProductSnapshot("p", "BAG", "帆布手提袋", 12900, unit_tracked=True)
    cart = Cart(guide_id="g1")
    line = cart.add(bag, 5, unit_code="0123:1")
    assert (line.quantity, line.guide_id) == (1, "g1")
    with pytest.raises(PosError) as info:
        cart.add(bag, unit_code="0123:1")
    assert info.value.code == "unit_in_cart"
    cart.set_sale_guide("g2")
    assert cart.lines[0].guide_id == "g2"
