"""The cashier's own money off (issue 18): how far a cashier may go alone, and a typed price
turned into the line discount it is kept as."""

from pos_app.domain.discounts.limits import DiscountLimits, price_change_discount

__all__ = ["DiscountLimits", "price_change_discount"]
