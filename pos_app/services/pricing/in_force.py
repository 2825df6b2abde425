"""The rules a sale is priced with at this till, today: the cart's own (member price, the
cashier's discounts) plus the member days configured for the store.

The member days are read at every call, so a settings change (on the till or from HQ)
prices the next sale; the day is the store's local date. Nothing is threaded through the
till: the sale, its totals on screen and the checkout all price through one `PricingRules`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from pos_app.domain.cart import Cart, CartTotals
from pos_app.domain.member_days import MemberDays
from pos_app.domain.pricing import MemberDayPoints, PricingContext, Rule


@dataclass
class PricingRules:
    member_days: Callable[[], MemberDays] = field(default=MemberDays)
    today: Callable[[], date] = field(default=date.today)  # the store's local date

    def rules(self) -> tuple[Rule, ...]:
        days = self.member_days()
        return (MemberDayPoints(days),) if days.configured else ()

    def context(self) -> PricingContext:
        return PricingContext(day=self.today())

    def price(self, cart: Cart) -> CartTotals:
        return cart.totals(self.rules(), self.context())
