"""The JSON formats of docs/promotions.md: its examples parse and price to the fen, and
bad rules are refused with a code naming the rule (no empty product set, percent 1–99,
threshold tiers increasing, dates ordered, …)."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest

from pos_app.domain.pricing import CART_RULES
from pos_app.domain.promotions import (
    BUILDERS,
    PromotionError,
    parse_cart,
    parse_rules,
    price_promotions,
    priced_dict,
    priced_json,
    rules_from_data,
)

DOC = Path(__file__).resolve().parents[3] / "docs" / "promotions.md"


def example(tag: str) -> str:
    (block,) = re.findall(rf"```json {tag}\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    return block


def test_the_documented_rules_and_cart_price_to_the_fen():
    rules = parse_rules(example("rules"))
    assert [r.ref.rule_id for r in rules] == sorted(r.ref.rule_id for r in rules)
    assert {r.ref.kind.removeprefix("promo.") for r in rules} == {
        "buy_x_get_y", "spend_threshold", "bundle_price", "fixed_price", "percent_off",
        "amount_off", "points_multiplier"}
    cart, context = parse_cart(example("cart"))
    assert context.store_id == "S001" and context.now.hour == 10
    assert cart.member_tier == "gold" and cart.lines[1].product.member_price == 9500
    priced = price_promotions(cart, [*CART_RULES, *rules], context)
    out = priced_dict(priced, rules)
    milk, coat = out["lines"]
    assert [(a["rule_id"], a["amount"]) for a in milk["adjustments"]] == [
        ("c-1212-milk/bogo", 26800), ("c-winter/manjian", 2459)]
    assert [(a["rule_id"], a["amount"]) for a in coat["adjustments"]] == [
        ("member-price", 400), ("c-vip/coat", 1600), ("c-vip/amt", 2000),
        ("c-winter/manjian", 541)]
    assert (milk["net"], coat["net"], out["total"]) == (24341, 5359, 29700)
    assert out["campaigns"] == [
        {"campaign_id": "c-1212-milk", "name": "12.12 奶粉买一送一", "saving": 26800},
        {"campaign_id": "c-vip", "name": "会员专享", "saving": 3600},
        {"campaign_id": "c-winter", "name": "冬季满减", "saving": 3000}]
    assert out["points_permille"] == 1000  # the member day is the 18th
    assert json.loads(priced_json(priced, rules)) == out


def test_the_same_rules_written_in_another_order_give_the_same_bytes():
    data = json.loads(example("rules"))
    flipped = copy.deepcopy(data)
    flipped["campaigns"].reverse()
    for campaign in flipped["campaigns"]:
        campaign["rules"].reverse()
    cart, context = parse_cart(example("cart"))
    a = price_promotions(cart, [*CART_RULES, *rules_from_data(data)], context)
    b = price_promotions(cart, [*CART_RULES, *rules_from_data(flipped)], context)
    assert priced_json(a) == priced_json(b)


def test_every_rule_kind_in_the_registry_is_documented():
    text = DOC.read_text(encoding="utf-8")
    assert all(f"`{kind}`" in text for kind in BUILDERS)


def _one(rule: dict, **campaign: object) -> dict:
    return {"campaigns": [{"id": "c1", "name": "C", **campaign,
                           "rules": [{"id": "r1", "priority": 5, **rule}]}]}


PERCENT = {"kind": "percent_off", "products": {"skus": ["A"]}, "percent": 10}
TIERS = {"kind": "spend_threshold", "tiers": [{"spend_fen": 30000, "off_fen": 3000},
                                              {"spend_fen": 50000, "off_fen": 6000}]}


@pytest.mark.parametrize(("data", "code"), [
    (_one({**PERCENT, "products": {}}), "promo_products_empty"),
    (_one({**PERCENT, "products": {"skus": [], "tags": []}}), "promo_products_empty"),
    (_one({k: v for k, v in PERCENT.items() if k != "products"}), "promo_products_empty"),
    (_one({**PERCENT, "percent": 0}), "promo_percent_invalid"),
    (_one({**PERCENT, "percent": 100}), "promo_percent_invalid"),
    (_one({**PERCENT, "percent": 12.5}), "promo_percent_invalid"),
    (_one({"kind": "buy_x_get_y", "products": {"skus": ["A"]}, "buy": 1,
           "percent_off": 101}), "promo_percent_invalid"),
    (_one({**TIERS, "tiers": [{"spend_fen": 50000, "off_fen": 6000},
                              {"spend_fen": 30000, "off_fen": 3000}]}),
     "promo_tiers_not_increasing"),
    (_one({**TIERS, "tiers": [{"spend_fen": 30000, "off_fen": 6000},
                              {"spend_fen": 50000, "off_fen": 6000}]}),
     "promo_tiers_not_increasing"),
    (_one({**TIERS, "tiers": [{"spend_fen": 3000, "off_fen": 3000}]}),
     "promo_tiers_not_increasing"),
    (_one(PERCENT, starts_at="2026-12-13", ends_at="2026-12-12"), "promo_dates_unordered"),
    (_one({**PERCENT, "ends_at": "2026-12-12T00:00"}, starts_at="2026-12-12"),
     "promo_dates_unordered"),
    (_one({**PERCENT, "priority": 0}), "promo_priority_invalid"),
    (_one({**PERCENT, "priority": 800}), "promo_priority_invalid"),
    (_one({**PERCENT, "kind": "lucky_draw"}), "promo_kind_unknown"),
    (_one({**PERCENT, "amount_fen": 1.5, "kind": "amount_off"}), "promo_field_invalid"),
    (_one(PERCENT, starts_at="2026-12-12T00:00+08:00"), "promo_field_invalid"),
    (_one(PERCENT, member_tiers=["platinum"]), "promo_field_invalid"),
    (_one({**PERCENT, "stackable": "no"}), "promo_field_invalid"),
    ({"campaigns": [{"id": "c/1", "name": "C", "rules": [PERCENT]}]}, "promo_field_invalid"),
    ({"campaigns": [{"id": "c1", "name": "C", "rules": [{**PERCENT, "id": "r"},
                                                        {**PERCENT, "id": "r"}]}]},
     "promo_rule_duplicate"),
    ({"campaigns": [{"id": "c1", "name": "C", "rules": [
        {**PERCENT, "id": "a", "priority": 5, "group": "g"},
        {**PERCENT, "id": "b", "priority": 5}]}]}, "promo_lane_shared"),
    ({"campaigns": [{"id": "c1", "name": "C", "rules": [
        {**PERCENT, "id": "a", "priority": 5, "group": "g"},
        {**PERCENT, "id": "b", "priority": 6, "group": "g"}]}]}, "promo_lane_shared"),
    ({"campaigns": "all"}, "promo_field_invalid"),
    ({"format": 2, "campaigns": []}, "promo_field_invalid"),
])
def test_bad_rules_are_refused_with_a_code_that_names_them(data, code):
    with pytest.raises(PromotionError) as err:
        parse_rules(json.dumps(data))
    assert err.value.code == code
    assert "{" not in err.value.message()  # every parameter of the message is given


def test_unreadable_json_is_refused_for_rules_and_carts():
    with pytest.raises(PromotionError) as err:
        parse_rules("{nope")
    assert err.value.code == "promo_rules_unreadable"
    with pytest.raises(PromotionError) as err:
        parse_cart(b"\xff")
    assert err.value.code == "promo_cart_unreadable"


@pytest.mark.parametrize("cart", [
    {"lines": [{"sku": "A", "unit_price_fen": 1.5}]},
    {"lines": [{"sku": "A", "unit_price_fen": 100, "quantity": 0}]},
    {"lines": [{"unit_price_fen": 100}]},
    {"lines": [{"line_id": "x", "sku": "A", "unit_price_fen": 1},
               {"line_id": "x", "sku": "B", "unit_price_fen": 1}]},
    {"lines": [{"sku": "A", "unit_price_fen": 100, "line_discount_fen": 101}]},
    {"lines": [], "member": {"id": "m", "tier": "platinum"}},
    {"lines": [], "at": "noon"},
    {"lines": {}},
])
def test_bad_carts_are_refused(cart):
    with pytest.raises(PromotionError) as err:
        parse_cart(json.dumps(cart))
    assert err.value.code == "promo_field_invalid"


def test_a_cart_without_time_keeps_windowed_rules_off_and_numbers_its_lines():
    rules = parse_rules(json.dumps(_one(PERCENT, starts_at="2026-12-12")))
    cart, context = parse_cart(json.dumps({"lines": [{"sku": "A", "unit_price_fen": 1000}]}))
    assert cart.lines[0].line_id == "1" and context.now is None
    assert price_promotions(cart, rules, context).total == 1000
    always = parse_rules(json.dumps(_one(PERCENT)))
    assert price_promotions(cart, always, context).total == 900
