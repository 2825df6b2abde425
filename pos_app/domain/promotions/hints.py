""""Add 1 more to get …": which threshold, buy-X or bundle rule the cart is close to.

Pure: it reads the same resolution pricing uses, so a hint speaks of what the rule would see
(what the lanes before it left), and only of rules that hold for this cart here and now.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from pos_app.domain.money import format_money
from pos_app.domain.pricing import PricingContext, PricingInput, Rule, RuleRef
from pos_app.domain.promotions.campaign import eligible
from pos_app.domain.promotions.groups import resolve
from pos_app.domain.promotions.kinds_sets import BundlePrice, BuyXGetY, SpendThreshold, units
from pos_app.domain.promotions.lines import qualifying
from pos_app.i18n import _, ngettext


@dataclass(frozen=True)
class Hint:
    rule: RuleRef
    kind: Literal["items", "spend"]
    short: int  # items still to add, or fen still to spend
    reward: int  # items: units the next set makes free or bundled; spend: fen off


def hints(cart: PricingInput, rules: Sequence[Rule], context: PricingContext | None = None,
          max_items: int = 1, max_spend: int | None = None) -> tuple[Hint, ...]:
    """Rules one step away: buy-X and bundle rules at most `max_items` units short, spend
    thresholds whose next tier is at most `max_spend` fen away (None: any distance). Sorted
    by rule id, so the same cart always shows the same hints."""
    context = context or PricingContext()
    seen = resolve(cart, rules, context).seen
    found: list[Hint] = []
    for rule in sorted(rules, key=lambda r: r.ref.rule_id):
        meta = getattr(rule, "meta", None)
        before = seen.get(rule.ref.rule_id)
        if meta is None or before is None or not eligible(meta, cart, context):
            continue
        hint = _hint(rule, cart, before)
        if hint is not None and _close(hint, max_items, max_spend):
            found.append(hint)
    return tuple(found)


def _close(hint: Hint, max_items: int, max_spend: int | None) -> bool:
    if hint.kind == "items":
        return hint.short <= max_items
    return max_spend is None or hint.short <= max_spend


def _hint(rule: Rule, cart: PricingInput, before: tuple[int, ...]) -> Hint | None:
    if isinstance(rule, SpendThreshold):
        _idx, spend = rule.base(cart, before)
        ahead = [t for t in rule.tiers if t.spend > spend]
        if not ahead:
            return None
        step = min(ahead, key=lambda t: t.spend)
        return Hint(rule.ref, "spend", step.spend - spend, step.off)
    if isinstance(rule, BuyXGetY | BundlePrice):
        count = len(units(cart, before, qualifying(cart, before, rule.products)))
        if isinstance(rule, BuyXGetY):
            size, reward, done = rule.buy + rule.get, rule.get, rule.sets_in(count)
            capped = rule.max_sets is not None and done >= rule.max_sets
        else:
            size, reward, done = rule.size, rule.size, rule.bundles_in(count)
            capped = rule.max_bundles is not None and done >= rule.max_bundles
        if capped:
            return None
        return Hint(rule.ref, "items", size - count % size, reward)
    return None


def hint_text(hint: Hint) -> str:
    """The hint as the cart shows it, in the UI's language (the rule's name as HQ wrote it)."""
    if hint.kind == "spend":
        return _("Spend {amount} more for {off} off ({rule})").format(
            amount=format_money(hint.short), off=format_money(hint.reward), rule=hint.rule.name)
    return ngettext("Add {count} more item for {rule}", "Add {count} more items for {rule}",
                    hint.short).format(count=hint.short, rule=hint.rule.name)
