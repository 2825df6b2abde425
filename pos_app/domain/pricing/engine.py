"""The one pricing function: a cart, the rules in force and the context → a priced cart.

Rules run lane by lane (ascending `lane`, then `rule_id`: never the order they were listed
in). Each sees what the lanes before it left of every line and says what it wants off; the
engine clamps that to what is left, so no line ever goes below zero and no rule is trusted
with arithmetic. An order-level amount is spread over the lines by largest remainder
(`money.allocate`, weights = what each line has left, ties to the earlier cart line), so
the lines always add up to the total to the fen. Points rules (member days) change no
money; their multipliers combine by product, rounded down once.
"""

from __future__ import annotations

from collections.abc import Sequence

from pos_app.domain.money import allocate, tax_included
from pos_app.domain.pricing.model import (
    Adjustment,
    LinesOff,
    OrderOff,
    PointsAdjustment,
    PointsTimes,
    PricingContext,
    PricingInput,
    Rule,
)
from pos_app.domain.pricing.priced import PricedCart, PricedLine

PERMILLE = 1000


def ordered(rules: Sequence[Rule]) -> list[Rule]:
    """The order rules run in: lane, then rule id (a fixed, documented tie-break)."""
    return sorted(rules, key=lambda r: (r.lane, r.ref.rule_id))


def price_cart(
    cart: PricingInput, rules: Sequence[Rule], context: PricingContext | None = None
) -> PricedCart:
    context = context or PricingContext()
    lines = list(cart.lines)
    remaining = [ln.product.unit_price * ln.quantity for ln in lines]
    made: list[list[Adjustment]] = [[] for _ in lines]
    points: list[PointsAdjustment] = []
    for rule in ordered(rules):
        for effect in rule.apply(cart, tuple(remaining), context):
            if isinstance(effect, LinesOff):
                for index, wanted, reason in effect.parts:
                    take = min(max(wanted, 0), remaining[index])
                    if take:
                        remaining[index] -= take
                        made[index].append(Adjustment(rule.ref, take, reason, "line"))
            elif isinstance(effect, OrderOff):
                amount = min(max(effect.amount, 0), sum(remaining))
                if not amount:
                    continue
                for index, share in enumerate(allocate(amount, remaining)):
                    if share:
                        remaining[index] -= share
                        made[index].append(Adjustment(rule.ref, share, effect.reason, "order"))
            elif isinstance(effect, PointsTimes) and effect.permille != PERMILLE:
                points.append(PointsAdjustment(rule.ref, effect.permille, effect.reason))
    priced = tuple(
        PricedLine(line=ln, gross=ln.product.unit_price * ln.quantity, adjustments=tuple(adj),
                   net=net, tax=tax_included(net, ln.product.tax_rate_bp))
        for ln, adj, net in zip(lines, made, remaining, strict=True)
    )
    subtotal = sum(p.gross for p in priced)
    total = sum(p.net for p in priced)
    return PricedCart(
        lines=priced,
        subtotal=subtotal,
        discount_total=subtotal - total,
        total=total,
        tax_total=sum(p.tax for p in priced),
        item_count=sum(ln.quantity for ln in lines),
        points=tuple(points),
        points_permille=_combined(points),
    )


def _combined(points: Sequence[PointsAdjustment]) -> int:
    permille = PERMILLE
    for p in points:
        permille = permille * p.permille // PERMILLE
    return permille
