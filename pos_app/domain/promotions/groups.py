"""Exclusivity groups on top of the pricing engine, and the one call that prices a cart with
campaign rules: `price_promotions`.

Rules in one exclusivity group compete: each is evaluated on what the earlier lanes left,
the one taking the most money off wins (then the higher points multiplier, then the
smaller rule id), and only the winner is handed to the engine, so every adjustment names the
rule that really made it. Groups run in their priority lanes one after another, each on what
the previous left; a group's lane is its own (no other rule may share it), which keeps the
evaluation and the engine's run on the same figures.

A rule that is not stackable (不可同享) competes with the other campaigns as a whole: the
customer gets it alone or the others together, whichever costs less.

To know what the earlier lanes left, this module replays their effects the way the engine
applies them (`replay`). The engine could later take groups over (a Rule whose effects it
books under the members' refs) and this replay would go.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from pos_app.domain.money import allocate
from pos_app.domain.pricing import (
    Effect,
    LinesOff,
    OrderOff,
    PointsTimes,
    PricedCart,
    PricingContext,
    PricingInput,
    Rule,
    RuleRef,
    price_cart,
)
from pos_app.domain.promotions.campaign import LANE_BASE
from pos_app.domain.promotions.errors import PromotionError

PERMILLE = 1000


def replay(remaining: list[int], effects: Iterable[Effect]) -> tuple[int, int]:
    """Apply `effects` to `remaining` in place exactly as the engine clamps them; the money
    they took and their points multiplier (per-mille)."""
    taken, permille = 0, PERMILLE
    for effect in effects:
        if isinstance(effect, LinesOff):
            for index, wanted, _ in effect.parts:
                take = min(max(wanted, 0), remaining[index])
                remaining[index] -= take
                taken += take
        elif isinstance(effect, OrderOff):
            amount = min(max(effect.amount, 0), sum(remaining))
            if amount:
                for index, share in enumerate(allocate(amount, remaining)):
                    remaining[index] -= share
                taken += amount
        elif isinstance(effect, PointsTimes):
            permille = permille * effect.permille // PERMILLE
    return taken, permille


def group_of(rule: Rule) -> str | None:
    meta = getattr(rule, "meta", None)
    return getattr(meta, "group", None)


def stackable(rule: Rule) -> bool:
    meta = getattr(rule, "meta", None)
    return getattr(meta, "stackable", True)


@dataclass(frozen=True)
class Resolution:
    rules: tuple[Rule, ...]  # for price_cart: every loose rule and each group's winner
    seen: Mapping[str, tuple[int, ...]]  # rule id → what was left when it was evaluated
    winners: Mapping[str, str | None]  # group → its winning rule id (None: none applied)
    total: int  # what the customer pays with these rules
    effects: Mapping[str, tuple[Effect, ...]]  # chosen rule id → what it stated


@dataclass(frozen=True)
class Replayed:
    """A chosen rule handed to the engine with the effects it already stated on the very
    figures the engine will give it (replay mirrors the engine), so pricing does not run
    every rule twice. The engine still clamps and books them under the rule's own ref."""

    rule: Rule
    effects: tuple[Effect, ...]

    @property
    def ref(self) -> RuleRef:
        return self.rule.ref

    @property
    def lane(self) -> int:
        return self.rule.lane

    def apply(self, cart: PricingInput, remaining: tuple[int, ...],
              context: PricingContext) -> Sequence[Effect]:
        return self.effects


Step = tuple[int, str, str | None, list[Rule]]  # lane, sort key, group, its rules


def _steps(rules: Sequence[Rule]) -> list[Step]:
    """(lane, key, group, rules) in the engine's order; refuses what would make the order
    depend on how the rules were listed (a rule id twice, a group sharing its lane)."""
    ids = [r.ref.rule_id for r in rules]
    if len(set(ids)) != len(ids):
        twice = sorted(i for i in set(ids) if ids.count(i) > 1)[0]
        raise PromotionError("promo_rule_duplicate", rule=twice)
    groups: dict[str, list[Rule]] = {}
    steps: list[Step] = []
    for rule in rules:
        name = group_of(rule)
        if name is None:
            steps.append((rule.lane, rule.ref.rule_id, None, [rule]))
        else:
            groups.setdefault(name, []).append(rule)
    for name, members in sorted(groups.items()):
        lanes = {m.lane for m in members}
        lane = min(lanes)
        if len(lanes) > 1:
            raise PromotionError("promo_lane_shared", group=name, priority=lane - LANE_BASE)
        steps.append((lane, "", name, sorted(members, key=lambda r: r.ref.rule_id)))
    steps.sort(key=lambda s: (s[0], s[1], s[2] or ""))
    for a, b in pairwise(steps):
        if a[0] == b[0] and (a[2] or b[2]):
            raise PromotionError("promo_lane_shared", group=a[2] or b[2],
                                 priority=a[0] - LANE_BASE)
    return steps


def check_rules(rules: Sequence[Rule]) -> None:
    """Refuse a rule set whose order would be ambiguous (see _steps); the JSON parser runs it
    so HQ refuses such a campaign when it is written, not when a till prices with it."""
    _steps(rules)


def resolve(cart: PricingInput, rules: Sequence[Rule],
            context: PricingContext | None = None) -> Resolution:
    """Choose each exclusivity group's winner on what the lanes before it left, and between
    the stackable campaigns together and each non-stackable one alone (with the rules that
    are not campaigns', e.g. the member price) the cheapest for the customer; on a tie the
    stackable ones, then the non-stackable rule with the smaller id."""
    context = context or PricingContext()
    steps = _steps(rules)
    loners = sorted((r for r in rules if not stackable(r)), key=lambda r: r.ref.rule_id)
    if not loners:
        return _resolve_one(cart, steps, context)
    options = [_resolve_one(cart, _only(steps, stackable), context)]
    for lone in loners:
        alone = _only(steps, lambda r, lone=lone: r is lone or getattr(r, "meta", None) is None)
        options.append(_resolve_one(cart, alone, context))
    best = min(range(len(options)), key=lambda k: (options[k].total, k))
    seen: dict[str, tuple[int, ...]] = {}
    for option in (options[best], *options):
        seen = {**option.seen, **seen}
    return replace(options[best], seen=seen)


def _only(steps: Sequence[Step], keep: Callable[[Rule], bool]) -> list[Step]:
    """The steps with only the rules `keep` accepts (steps left empty dropped)."""
    kept = [(lane, key, group, [r for r in members if keep(r)])
            for lane, key, group, members in steps]
    return [step for step in kept if step[3]]


def _resolve_one(cart: PricingInput, steps: Sequence[Step],
                 context: PricingContext) -> Resolution:
    remaining = [ln.product.unit_price * ln.quantity for ln in cart.lines]
    chosen: list[Rule] = []
    stated: dict[str, tuple[Effect, ...]] = {}
    seen: dict[str, tuple[int, ...]] = {}
    winners: dict[str, str | None] = {}
    for _lane, _key, group, members in steps:
        before = tuple(remaining)
        best: tuple[tuple[int, int], Rule, tuple[Effect, ...]] | None = None
        for rule in members:
            seen[rule.ref.rule_id] = before
            effects = tuple(rule.apply(cart, before, context))
            if group is None:
                chosen.append(rule)
                stated[rule.ref.rule_id] = effects
                replay(remaining, effects)
                continue
            taken, permille = replay(list(before), effects)
            score = (taken, permille)
            if (taken or permille != PERMILLE) and (best is None or score > best[0]):
                best = (score, rule, effects)
        if group is not None:
            winners[group] = best[1].ref.rule_id if best else None
            if best is not None:
                chosen.append(best[1])
                stated[best[1].ref.rule_id] = best[2]
                replay(remaining, best[2])
    return Resolution(tuple(chosen), seen, winners, sum(remaining), stated)


def price_promotions(cart: PricingInput, rules: Sequence[Rule],
                     context: PricingContext | None = None) -> PricedCart:
    """The cart priced by `rules` (campaign rules and the cart's own, e.g. CART_RULES),
    exclusivity groups resolved first. The one call the till, HQ and the preview use.

    With no group and no non-stackable rule (a till with no campaign running: every sale)
    there is nothing to choose, and resolving would only run every rule once more before the
    engine does (issue 15: a sale's commit ≤ 1.3× raw sqlite3): the engine runs them
    directly, in the same order (`_steps` and `ordered` both sort by lane, then rule id).
    Rule ids given twice still go the long way, which refuses them."""
    if all(group_of(r) is None and stackable(r) for r in rules) and len(
            {r.ref.rule_id for r in rules}) == len(rules):
        return price_cart(cart, rules, context)
    return resolved_price(cart, rules, context)


def resolved_price(cart: PricingInput, rules: Sequence[Rule],
                   context: PricingContext | None = None) -> PricedCart:
    """`price_promotions` without its shortcut: every rule resolved, then replayed. A name
    of its own so the property test can hold the shortcut to it (test_properties)."""
    chosen = resolve(cart, rules, context)
    stated = ((r, chosen.effects[r.ref.rule_id]) for r in chosen.rules)
    return price_cart(cart, [Replayed(r, effects) for r, effects in stated if effects], context)
