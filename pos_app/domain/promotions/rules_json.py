"""Campaign rules from JSON (docs/promotions.md describes the format), validated so a bad
rule is refused with a PromotionError naming it, never half-applied.

One builder per rule kind in `BUILDERS` (a registry, not an if-chain). Validity, stores and
members are set on the campaign and may be overridden per rule. The rules come back sorted
by rule id, and the set is checked for ambiguous order (groups.check_rules).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from itertools import pairwise
from typing import Any

from pos_app.domain.pricing import Rule
from pos_app.domain.promotions.campaign import PRIORITY_MAX, PRIORITY_MIN, RuleMeta
from pos_app.domain.promotions.errors import PromotionError
from pos_app.domain.promotions.groups import check_rules
from pos_app.domain.promotions.json_fields import Fields
from pos_app.domain.promotions.kinds_sets import BundlePrice, BuyXGetY, SpendThreshold, Threshold
from pos_app.domain.promotions.kinds_simple import (
    AmountOff,
    FixedPrice,
    PercentOff,
    PointsMultiplier,
    order_amount_off,
    order_percent_off,
)
from pos_app.domain.promotions.products import EVERYTHING, ProductSet, of
from pos_app.domain.tiers import TIER_CODES

FORMAT = 1
MAX_PERMILLE = 10_000  # ×10, as for member days: beyond that it is a typo


def products(f: Fields, required: bool = True) -> ProductSet:
    if not f.has("products"):
        if required:
            raise PromotionError("promo_products_empty", rule=f.where)
        return EVERYTHING
    p = f.child("products", f.where)
    found = of(p.texts("skus"), p.texts("categories"), p.texts("tags"))
    if found.empty:
        raise PromotionError("promo_products_empty", rule=f.where)
    return found


def percent(f: Fields, key: str, high: int = 99, default: int | None = None) -> int:
    value = f.data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= high:
        raise PromotionError("promo_percent_invalid", rule=f.where, percent=value, high=high)
    return value


def thresholds(f: Fields) -> tuple[Threshold, ...]:
    rows = f.data.get("tiers")
    if not isinstance(rows, list) or not rows:
        raise f.refuse("tiers")
    steps = []
    for n, row in enumerate(rows, 1):
        t = Fields(row, f"{f.where} tier {n}")
        steps.append(Threshold(t.integer("spend_fen", 1), t.integer("off_fen", 1)))
    for a, b in pairwise(steps):
        if not (a.spend < b.spend and a.off < b.off):
            raise PromotionError("promo_tiers_not_increasing", rule=f.where)
    if any(s.off >= s.spend for s in steps):
        raise PromotionError("promo_tiers_not_increasing", rule=f.where)
    return tuple(steps)


def tier_prices(f: Fields) -> tuple[tuple[str, int], ...]:
    table = f.data.get("tier_prices") or {}
    if not isinstance(table, dict) or any(k not in TIER_CODES for k in table):
        raise f.refuse("tier_prices")
    prices = Fields(table, f.where)
    return tuple((code, prices.integer(code, 0)) for code in sorted(table))


def _fixed_price(m: RuleMeta, f: Fields) -> Rule:
    rule = FixedPrice(m, products(f), f.integer("price_fen", 0, default=None), tier_prices(f))
    if rule.price is None and not rule.tier_prices:
        raise f.refuse("price_fen")
    return rule


BUILDERS: dict[str, Callable[[RuleMeta, Fields], Rule]] = {
    "percent_off": lambda m, f: PercentOff(m, products(f), percent(f, "percent")),
    "amount_off": lambda m, f: AmountOff(m, products(f), f.integer("amount_fen", 1),
                                         f.flag("per_unit", False)),
    "order_percent_off": lambda m, f: order_percent_off(m, percent(f, "percent")),
    "order_amount_off": lambda m, f: order_amount_off(m, f.integer("amount_fen", 1)),
    "fixed_price": _fixed_price,
    "buy_x_get_y": lambda m, f: BuyXGetY(
        m, products(f), f.integer("buy", 1, 99), f.integer("get", 1, 99, default=1),
        percent(f, "percent_off", high=100, default=100),
        f.integer("max_sets", 1, default=None)),
    "spend_threshold": lambda m, f: SpendThreshold(
        m, thresholds(f), products(f, required=False)),
    "bundle_price": lambda m, f: BundlePrice(
        m, products(f), f.integer("size", 2, 99), f.integer("price_fen", 1),
        f.integer("max_bundles", 1, default=None)),
    "points_multiplier": lambda m, f: PointsMultiplier(
        m, f.integer("permille", 1001, MAX_PERMILLE)),
}


def _meta(campaign: Fields, rule: Fields, cid: str, cname: str) -> RuleMeta:
    def pick(key: str) -> Fields:
        return rule if key in rule.data else campaign

    starts, ends = pick("starts_at").moment("starts_at"), pick("ends_at").moment("ends_at")
    if starts is not None and ends is not None and ends <= starts:
        raise PromotionError("promo_dates_unordered", rule=rule.where,
                             starts=starts.isoformat(), ends=ends.isoformat())
    priority = rule.data.get("priority", 1)
    if isinstance(priority, bool) or not isinstance(priority, int) or not (
            PRIORITY_MIN <= priority <= PRIORITY_MAX):
        raise PromotionError("promo_priority_invalid", rule=rule.where, priority=priority)
    tiers = pick("member_tiers").texts("member_tiers")
    if any(t not in TIER_CODES for t in tiers):
        raise rule.refuse("member_tiers")
    group = rule.data.get("group")
    if group is not None and (not isinstance(group, str) or not group):
        raise rule.refuse("group")
    return RuleMeta(cid, cname, rule.text("id"), rule.text("name", ""), priority, starts, ends,
                    pick("stores").texts("stores"),
                    pick("members_only").flag("members_only", False), tiers, group,
                    rule.flag("stackable", True),
                    campaign.integer("holdout_permille", 0, 1000, default=0))


def rules_from_data(data: Any) -> tuple[Rule, ...]:
    """Rules from parsed JSON (see docs/promotions.md)."""
    top = Fields(data, "rules")
    if top.data.get("format", FORMAT) != FORMAT:
        raise top.refuse("format")
    campaigns = top.data.get("campaigns")
    if not isinstance(campaigns, list):
        raise top.refuse("campaigns")
    found: list[Rule] = []
    for n, raw in enumerate(campaigns, 1):
        c = Fields(raw, f"campaign {n}")
        cid = c.text("id")
        if "/" in cid:
            raise c.refuse("id")
        c = Fields(raw, cid)
        cname = c.text("name")
        rows = c.data.get("rules")
        if not isinstance(rows, list) or not rows:
            raise c.refuse("rules")
        for k, row in enumerate(rows, 1):
            r = Fields(row, f"{cid}/#{k}")
            r = Fields(row, f"{cid}/{r.text('id')}")
            kind = r.data.get("kind")
            builder = BUILDERS.get(kind) if isinstance(kind, str) else None
            if builder is None:
                raise PromotionError("promo_kind_unknown", rule=r.where, kind=kind)
            found.append(builder(_meta(c, r, cid, cname), r))
    check_rules(found)
    return tuple(sorted(found, key=lambda rule: rule.ref.rule_id))


def parse_rules(text: str | bytes) -> tuple[Rule, ...]:
    """Rules from JSON text; refuses unreadable JSON and every invalid rule."""
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise PromotionError("promo_rules_unreadable", detail=str(exc)) from None
    return rules_from_data(data)
