"""The pricing seam (issue 12): one pure function prices a cart from rules and a context
and says, per line, which rule took what off and why. See engine.py for the order rules run
in and how amounts are spread; rules.py for today's rules."""

from pos_app.domain.pricing.engine import price_cart
from pos_app.domain.pricing.model import (
    Adjustment,
    Effect,
    LinesOff,
    OrderOff,
    PointsAdjustment,
    PointsTimes,
    PricingContext,
    PricingInput,
    Rule,
    RuleRef,
)
from pos_app.domain.pricing.priced import MANUAL_KINDS, MEMBER_PRICE, PricedCart, PricedLine
from pos_app.domain.pricing.rules import (
    CART_RULES,
    ManualLineDiscounts,
    ManualOrderDiscount,
    MemberDayPoints,
    MemberPrice,
)

__all__ = [
    "CART_RULES", "MANUAL_KINDS", "MEMBER_PRICE", "Adjustment", "Effect", "LinesOff",
    "ManualLineDiscounts", "ManualOrderDiscount", "MemberDayPoints", "MemberPrice", "OrderOff",
    "PointsAdjustment", "PointsTimes", "PricedCart", "PricedLine", "PricingContext",
    "PricingInput", "Rule", "RuleRef", "price_cart",
]
