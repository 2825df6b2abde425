"""The coupon pricing rule (pure): amount off over a threshold, percent off, bogo's cheapest
units free, in its lane after campaigns and before the cashier's discounts; a cart keeps its
coupons across a park (and a snapshot from before coupons loads with none)."""

from __future__ import annotations

from pos_app.domain.cart import Cart, ProductSnapshot
from pos_app.domain.cart_snapshot import cart_from_dict, cart_from_json, cart_to_dict, cart_to_json
from pos_app.domain.coupons.rule import LANE_COUPON, AppliedCoupon, coupon_rules
from pos_app.domain.pricing import CART_RULES
from pos_app.domain.pricing.rules import LANE_MANUAL_LINE
from pos_app.domain.promotions import LANE_BASE, PRIORITY_MAX, price_promotions

COLA = ProductSnapshot("p-cola", "SKU-COLA", "Cola", 350)
TEA = ProductSnapshot("p-tea", "SKU-TEA", "Tea", 550)
CID = "7d2f4b7e-3c1a-4d55-9a3f-0f5e0c7e1a11"


def priced(cart: Cart):
    return price_promotions(cart, (*CART_RULES, *coupon_rules(cart.coupons)))


def cart_with(*coupons: AppliedCoupon) -> Cart:
    cart = Cart()
    cart.add(COLA, 2)
    cart.add(TEA, 1)  # ¥12.50
    for c in coupons:
        cart.apply_coupon(c)
    return cart


def test_lane_after_campaigns_before_the_cashier():
    assert LANE_BASE + PRIORITY_MAX <= LANE_COUPON < LANE_MANUAL_LINE


def test_amount_off_needs_its_threshold_and_names_the_coupon():
    total = priced(cart_with(AppliedCoupon(CID, "SFC1.X", "amount_off", 500, 1000)))
    assert total.total == 750
    refs = {a.rule.rule_id for p in total.lines for a in p.adjustments}
    assert refs == {CID}
    assert priced(cart_with(AppliedCoupon(CID, "SFC1.X", "amount_off", 500, 1300))).total == 1250


def test_percent_off_rounds_down_and_the_cashiers_discount_runs_after():
    cart = cart_with(AppliedCoupon(CID, "SFC1.X", "percent_off", 15, 0))
    assert priced(cart).total == 1250 - 1250 * 15 // 100
    cart.set_order_discount(100, "goodwill")
    assert priced(cart).total == 1250 - 187 - 100


def test_bogo_gives_one_unit_free_per_two_of_its_products_cheapest_first():
    total = priced(cart_with(AppliedCoupon(CID, "SFC1.X", "bogo", 1, 0)))
    assert total.total == 900  # 2 colas + a tea: one cola free
    assert total.lines[0].net == 350 and total.lines[1].net == 550
    teas = priced(cart_with(AppliedCoupon(CID, "SFC1.X", "bogo", 1, 0, skus=("SKU-TEA",))))
    assert teas.total == 1250  # one tea alone: nothing free
    cart = cart_with(AppliedCoupon(CID, "SFC1.X", "bogo", 1, 0, skus=("SKU-TEA",)))
    cart.add(TEA, 1)
    assert priced(cart).total == 1250  # two teas: one free
    assert cart_from_json(cart_to_json(cart)).coupons == cart.coupons


def test_a_parked_cart_keeps_its_coupons_and_an_older_one_loads_without():
    cart = cart_with(AppliedCoupon(CID, "SFC1.X", "amount_off", 500, 1000, member_id="m1"))
    back = cart_from_json(cart_to_json(cart))
    assert back.coupons == cart.coupons and priced(back).total == 750
    old = cart_to_dict(cart)
    del old["coupons"]
    assert cart_from_dict(old).coupons == []
