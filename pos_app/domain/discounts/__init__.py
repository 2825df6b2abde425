"""The cashier's own money off (issue 18): how far a cashier may go alone, and a typed price
turned into the line discount it is kept as; which manual discounts of a sold sale needed a
manager (HQ bounds them with the same rule, 20-L2)."""

from pos_app.domain.discounts.limits import (
    DiscountLimits,
    OverLimit,
    SoldAdjustment,
    over_limit,
    price_change_discount,
)

__all__ = ["DiscountLimits", "OverLimit", "SoldAdjustment", "over_limit",
           "price_change_discount"]
