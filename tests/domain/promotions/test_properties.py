"""The "must hold" of issue 16 as Hypothesis properties, over every rule kind with windows,
stores, member conditions, exclusivity groups and non-stackable rules mixed."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from pos_app.domain.pricing import CART_RULES, price_cart
from pos_app.domain.promotions import (
    EVERYTHING,
    PercentOff,
    PreviewLine,
    RuleMeta,
    SpendThreshold,
    campaign_of,
    campaign_savings,
    context_at,
    price_promotions,
    priced_json,
    resolve,
)
from pos_app.domain.promotions.groups import group_of, resolved_price, stackable
from tests.domain.promotions.strategies import CONTEXT, NOW, carts, products, rule_sets, thresholds

PROPS = settings(max_examples=100, deadline=None)


def price(cart, rules, context=CONTEXT):
    return price_promotions(cart, [*CART_RULES, *rules], context)


def promo_rule_ids(priced) -> set[str]:
    return {a.rule.rule_id for p in priced.lines for a in p.adjustments
            if campaign_of(a.rule) is not None}


@PROPS
@given(carts(), rule_sets())
def test_the_total_is_never_below_zero_nor_above_the_list_price(cart, rules):
    priced = price(cart, rules)
    assert 0 <= priced.total <= priced.subtotal
    assert all(0 <= p.net <= p.gross for p in priced.lines)


@PROPS
@given(carts(), rule_sets())
def test_line_discounts_add_up_exactly_to_the_cart_s_discount(cart, rules):
    priced = price(cart, rules)
    adjustments = [a.amount for p in priced.lines for a in p.adjustments]
    assert all(amount > 0 for amount in adjustments)
    assert sum(adjustments) == priced.discount_total == priced.subtotal - priced.total
    for p in priced.lines:
        assert p.net == p.gross - sum(a.amount for a in p.adjustments)
    assert sum(p.net for p in priced.lines) == priced.total


@PROPS
@given(carts(), rule_sets(), st.randoms(use_true_random=False))
def test_permuting_the_lines_changes_nothing(cart, rules, rng):
    lines = list(cart.lines)
    rng.shuffle(lines)
    shuffled = replace(cart, lines=tuple(lines))
    assert priced_json(price(shuffled, rules)) == priced_json(price(cart, rules))


@PROPS
@given(carts(), rule_sets(), st.randoms(use_true_random=False))
def test_permuting_or_recreating_the_rules_changes_nothing(cart, rules, rng):
    shuffled = [replace(r) for r in rules]  # new objects, made in another order
    rng.shuffle(shuffled)
    assert priced_json(price(cart, shuffled)) == priced_json(price(cart, rules))


@PROPS
@given(carts(), rule_sets(), products(), st.integers(1, 3))
def test_adding_an_item_never_costs_more_than_its_list_price(cart, rules, product, quantity):
    before = price(cart, rules).total
    bigger = replace(cart, lines=(*cart.lines, PreviewLine("zz-new", product, quantity)))
    assert price(bigger, rules).total <= before + product.unit_price * quantity


@PROPS
@given(carts(), rule_sets(max_rules=8))
def test_at_most_one_rule_of_an_exclusivity_group_applies(cart, rules):
    applied = promo_rule_ids(price(cart, rules))
    for group in ("g1", "g2"):
        members = {r.ref.rule_id for r in rules if r.meta.group == group}
        assert len(members & applied) <= 1
    chosen = resolve(cart, [*CART_RULES, *rules], CONTEXT).winners
    for group, winner in chosen.items():
        assert winner is None or winner in {r.ref.rule_id for r in rules if r.meta.group == group}


@PROPS
@given(carts(), rule_sets(conditions=False), thresholds())
def test_a_threshold_applies_iff_what_earlier_lanes_left_reaches_it(cart, rules, tiers):
    earlier = [r for r in rules if r.meta.stackable]
    last = SpendThreshold(RuleMeta("c9", "Threshold", "r999", priority=799), tiers)
    left = sum(p.net for p in price(cart, earlier).lines)  # no manual discounts: all lanes
    priced = price(cart, [*earlier, last])
    applied = "c9/r999" in promo_rule_ids(priced)
    assert applied == (left >= min(t.spend for t in tiers))


@PROPS
@given(carts(), rule_sets())
def test_re_pricing_a_priced_cart_is_idempotent(cart, rules):
    first = price(cart, rules)
    again = replace(cart, lines=tuple(p.line for p in first.lines))
    assert price(again, rules) == first
    assert priced_json(price(again, rules)) == priced_json(first)


@PROPS
@given(carts(), rule_sets())
def test_a_hundred_percent_off_everything_gives_exactly_zero(cart, rules):
    free = PercentOff(RuleMeta("c9", "Free", "r999", priority=799), EVERYTHING, 100)
    stackable = [r for r in rules if r.meta.stackable]
    priced = price(cart, [*stackable, free])
    assert priced.total == 0 and priced.tax_total == 0
    assert priced.discount_total == priced.subtotal


@PROPS
@given(carts(), rule_sets(), st.integers(-2000, 2000), st.sampled_from(["S001", "S002", None]))
def test_a_rule_outside_its_window_or_store_never_applies(cart, rules, hours, store):
    at = context_at(NOW + timedelta(hours=hours), store)
    applied = promo_rule_ids(price(cart, rules, at))
    for r in rules:
        outside = (r.meta.starts_at is not None and not (
            r.meta.starts_at <= at.now < r.meta.ends_at)) or (
            r.meta.stores and store not in r.meta.stores)
        if outside:
            assert r.ref.rule_id not in applied
            assert all(p.rule.rule_id != r.ref.rule_id for p in price(cart, rules, at).points)


@PROPS
@given(carts(), rule_sets())
def test_member_only_rules_never_apply_without_a_member(cart, rules):
    anonymous = replace(cart, member_id=None, member_tier=None)
    priced = price(anonymous, rules)
    applied = promo_rule_ids(priced) | {p.rule.rule_id for p in priced.points}
    for r in rules:
        if r.meta.members_only or r.meta.tiers:
            assert r.ref.rule_id not in applied
    assert priced.points_permille == 1000  # points are a member's


@PROPS
@given(carts(), rule_sets())
def test_every_campaign_fen_belongs_to_exactly_one_campaign(cart, rules):
    priced = price(cart, rules)
    promo = sum(a.amount for p in priced.lines for a in p.adjustments
                if campaign_of(a.rule) is not None)
    assert sum(s.amount for s in campaign_savings(priced, rules)) == promo


@PROPS
@given(carts(), rule_sets(max_rules=8))
def test_the_engine_run_on_the_chosen_rules_gives_the_same_priced_cart(cart, rules):
    """price_promotions hands the engine each chosen rule's effects as already stated; run
    afresh on the same rules, the engine must book exactly the same."""
    all_rules = [*CART_RULES, *rules]
    chosen = resolve(cart, all_rules, CONTEXT)
    assert price_cart(cart, chosen.rules, CONTEXT) == price_promotions(cart, all_rules, CONTEXT)
    assert chosen.total == price_promotions(cart, all_rules, CONTEXT).total


@PROPS
@given(carts(), rule_sets(max_rules=8))
def test_the_shortcut_without_groups_prices_as_resolving_does(cart, rules):
    """With no exclusivity group and every rule stackable, price_promotions runs the engine
    straight (issue 15); it must give exactly what resolving then replaying gives."""
    plain = [r for r in rules if group_of(r) is None and stackable(r)]
    all_rules = [*CART_RULES, *plain]
    assert price_promotions(cart, all_rules, CONTEXT) == resolved_price(cart, all_rules, CONTEXT)
