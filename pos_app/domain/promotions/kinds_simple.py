"""Campaign rules that price each qualifying line on its own or one amount over a set:
percent off, amount off, a fixed (member) price, order-level percent/amount, and the
member-day points multiplier.

Every rule is a frozen dataclass implementing the pricing seam's Rule protocol: it states
what it wants off; the engine clamps. Percentages are taken of what the set has left after
earlier lanes, rounded half up once for the set, then spread by largest remainder (ties to
the smaller line id), so a 100 % rule leaves exactly 0 and the lines add up to the fen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from pos_app.domain.money import yuan_text
from pos_app.domain.pricing import (
    Effect,
    LinesOff,
    PointsTimes,
    PricingContext,
    PricingInput,
)
from pos_app.domain.promotions.campaign import CampaignRule, RuleMeta, eligible
from pos_app.domain.promotions.lines import line_ids, qualifying, spread_parts
from pos_app.domain.promotions.products import EVERYTHING, ProductSet
from pos_app.domain.promotions.spread import percent_of, spread
from pos_app.domain.tiers import tier


@dataclass(frozen=True)
class PercentOff(CampaignRule):
    meta: RuleMeta
    products: ProductSet
    percent: int  # 1–99 from JSON; 100 allowed here (a free set)
    KIND: ClassVar[str] = "percent_off"

    @property
    def kind(self) -> str:
        return "order_percent_off" if self.products.everything else self.KIND

    def apply(self, cart: PricingInput, remaining: tuple[int, ...],
              context: PricingContext) -> Sequence[Effect]:
        if not eligible(self.meta, cart, context):
            return ()
        idx = qualifying(cart, remaining, self.products)
        weights = [remaining[i] for i in idx]
        off = percent_of(sum(weights), self.percent)
        return spread_parts(cart, idx, spread(off, weights, line_ids(cart, idx)),
                            f"{self.percent}% off")


@dataclass(frozen=True)
class AmountOff(CampaignRule):
    """Money off a set: `per_unit` takes it off every unit, otherwise once off the set."""

    meta: RuleMeta
    products: ProductSet
    amount: int  # fen
    per_unit: bool = False
    KIND: ClassVar[str] = "amount_off"

    @property
    def kind(self) -> str:
        return "order_amount_off" if self.products.everything else self.KIND

    def apply(self, cart: PricingInput, remaining: tuple[int, ...],
              context: PricingContext) -> Sequence[Effect]:
        if not eligible(self.meta, cart, context):
            return ()
        idx = qualifying(cart, remaining, self.products)
        if self.per_unit:
            reason = f"{yuan_text(self.amount)} off each"
            return spread_parts(cart, idx, [min(self.amount * cart.lines[i].quantity,
                                                remaining[i]) for i in idx], reason)
        weights = [remaining[i] for i in idx]
        return spread_parts(cart, idx, spread(self.amount, weights, line_ids(cart, idx)),
                            f"{yuan_text(self.amount)} off")


def order_percent_off(meta: RuleMeta, percent: int) -> PercentOff:
    """Percent off the whole order (what earlier lanes left of it)."""
    return PercentOff(meta, EVERYTHING, percent)


def order_amount_off(meta: RuleMeta, amount: int) -> AmountOff:
    """An amount off the whole order, spread over its lines."""
    return AmountOff(meta, EVERYTHING, amount)


@dataclass(frozen=True)
class FixedPrice(CampaignRule):
    """A unit price for the set (a campaign's member price): `tier_prices` name a price per
    member tier; `price` is for everyone else the rule is for (None: no price for them).
    Never a surcharge: a line already below the price keeps what it has."""

    meta: RuleMeta
    products: ProductSet
    price: int | None
    tier_prices: tuple[tuple[str, int], ...] = ()
    KIND: ClassVar[str] = "fixed_price"

    def price_for(self, cart: PricingInput) -> int | None:
        if cart.member_id is not None:
            code = tier(cart.member_tier).code
            for name, fen in self.tier_prices:
                if name == code:
                    return fen
        return self.price

    def apply(self, cart: PricingInput, remaining: tuple[int, ...],
              context: PricingContext) -> Sequence[Effect]:
        price = self.price_for(cart)
        if price is None or not eligible(self.meta, cart, context):
            return ()
        parts = []
        for i in qualifying(cart, remaining, self.products):
            off = remaining[i] - price * cart.lines[i].quantity
            if off > 0:
                parts.append((i, off, f"price {yuan_text(price)}"))
        return (LinesOff(tuple(parts)),) if parts else ()


@dataclass(frozen=True)
class PointsMultiplier(CampaignRule):
    """Members earn points × permille/1000 on this sale (a member-day campaign); no money."""

    meta: RuleMeta
    permille: int
    KIND: ClassVar[str] = "points_multiplier"

    def apply(self, cart: PricingInput, remaining: tuple[int, ...],
              context: PricingContext) -> Sequence[Effect]:
        if cart.member_id is None or not eligible(self.meta, cart, context):
            return ()
        whole, part = divmod(self.permille, 1000)
        text = f"{whole}" if not part else f"{whole}.{part:03d}".rstrip("0")
        return (PointsTimes(self.permille, f"points ×{text}"),)
