"""Today's rules behind the pricing seam: member price, the cashier's discounts, member days.

Lanes leave room between them for the promotions engine (issue 16): campaign rules take
lanes between the member price and the cashier's discounts, which always come last.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pos_app.domain.member_days import MemberDays, multiplier_text, permille_on
from pos_app.domain.money import yuan_text
from pos_app.domain.pricing.model import (
    Effect,
    LinesOff,
    OrderOff,
    PointsTimes,
    PricingContext,
    PricingInput,
    RuleRef,
)
from pos_app.i18n import N_

LANE_MEMBER_PRICE = 100
LANE_MANUAL_LINE = 900
LANE_MANUAL_ORDER = 950
LANE_POINTS = 1000

MEMBER_PRICE_RULE = RuleRef("member_price", "member-price", N_("Member price"))
MANUAL_LINE_RULE = RuleRef("manual_line", "manual-line", N_("Discount"))
MANUAL_ORDER_RULE = RuleRef("manual_order", "manual-order", N_("Order discount"))
MEMBER_DAY_RULE = RuleRef("member_day", "member-day", N_("Member day"))


@dataclass(frozen=True)
class MemberPrice:
    """A product's member price, charged on a member's sale (PRODUCT §2): the difference
    to the list price comes off the line, so the sale keeps the list price it was sold from."""

    ref: RuleRef = MEMBER_PRICE_RULE
    lane: int = LANE_MEMBER_PRICE

    def apply(self, cart: PricingInput, remaining: tuple[int, ...],
              context: PricingContext) -> Sequence[Effect]:
        if cart.member_id is None:
            return ()
        parts = []
        for i, line in enumerate(cart.lines):
            p = line.product
            if p.member_price is not None and 0 <= p.member_price < p.unit_price:
                off = (p.unit_price - p.member_price) * line.quantity
                parts.append((i, off, f"member price {yuan_text(p.member_price)}"
                                      f" (list {yuan_text(p.unit_price)})"))
        return (LinesOff(tuple(parts)),) if parts else ()


@dataclass(frozen=True)
class ManualLineDiscounts:
    """The cashier's line discounts, each with the reason typed for it."""

    ref: RuleRef = MANUAL_LINE_RULE
    lane: int = LANE_MANUAL_LINE

    def apply(self, cart: PricingInput, remaining: tuple[int, ...],
              context: PricingContext) -> Sequence[Effect]:
        parts = tuple((i, ln.line_discount, ln.discount_reason)
                      for i, ln in enumerate(cart.lines) if ln.line_discount)
        return (LinesOff(parts),) if parts else ()


@dataclass(frozen=True)
class ManualOrderDiscount:
    """The cashier's discount on the whole sale: last, on what everything else left."""

    ref: RuleRef = MANUAL_ORDER_RULE
    lane: int = LANE_MANUAL_ORDER

    def apply(self, cart: PricingInput, remaining: tuple[int, ...],
              context: PricingContext) -> Sequence[Effect]:
        if not cart.order_discount:
            return ()
        return (OrderOff(cart.order_discount, cart.order_discount_reason),)


@dataclass(frozen=True)
class MemberDayPoints:
    """Members earn points faster on the brand's member days (PRODUCT §4): a points rule,
    no money. Off without a member or when the day is unknown."""

    days: MemberDays
    ref: RuleRef = MEMBER_DAY_RULE
    lane: int = LANE_POINTS

    def apply(self, cart: PricingInput, remaining: tuple[int, ...],
              context: PricingContext) -> Sequence[Effect]:
        if cart.member_id is None or context.day is None:
            return ()
        permille = permille_on(self.days, context.day)
        return (PointsTimes(permille, f"×{multiplier_text(permille)} on {context.day}"),)


#: The rules every cart carries: the ones its own state asks for.
CART_RULES = (MemberPrice(), ManualLineDiscounts(), ManualOrderDiscount())
