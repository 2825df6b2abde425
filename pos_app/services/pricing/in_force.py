"""The rules a sale is priced with at this till, now: the cart's own (member price, the
cashier's discounts), the member days configured for the store, and HQ's campaigns for this
store (`campaigns.CampaignRules`, parsed once and reloaded after a pull changes them).

The member days are read at every call, so a settings change (on the till or from HQ)
prices the next sale; the day is the store's local date and the campaigns' windows are read
against the store-local time (`clock`, the till's wall clock), so a till offline past a
campaign's end stops applying it. Nothing is threaded through the till: the sale, its
totals on screen and the checkout all price through one `PricingRules`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from pos_app.domain.cart import Cart, CartTotals
from pos_app.domain.coupons.rule import coupon_rules
from pos_app.domain.member_days import MemberDays
from pos_app.domain.pricing import CART_RULES, MemberDayPoints, PricingContext, Rule
from pos_app.domain.promotions import PromoContext, price_promotions
from pos_app.services.pricing.campaigns import CampaignRules
from pos_app.services.pricing.shown import ShownSale, shown_sale


@dataclass
class PricingRules:
    member_days: Callable[[], MemberDays] = field(default=MemberDays)
    today: Callable[[], date] | None = None  # the store's local date; None: the clock's
    clock: Callable[[], datetime] = field(default=datetime.now)  # store-local, naive
    campaigns: CampaignRules | None = None  # None: a till that prices with no campaigns
    store_id: str | None = None

    def rules(self) -> tuple[Rule, ...]:
        days = self.member_days()
        own: tuple[Rule, ...] = (MemberDayPoints(days),) if days.configured else ()
        return own + self.campaign_rules()

    def campaign_rules(self) -> tuple[Rule, ...]:
        return self.campaigns.rules() if self.campaigns is not None else ()

    def context(self) -> PricingContext:
        now = self.clock()
        day = self.today() if self.today is not None else now.date()
        return PromoContext(day=day, store_id=self.store_id, now=now)

    def price(self, cart: Cart) -> CartTotals:
        """The cart priced: exclusivity groups resolved, lanes run (price_promotions); the
        cart's coupons (issue 17) in their lane after the campaigns."""
        rules = (*CART_RULES, *self.rules(), *coupon_rules(cart.coupons))
        return price_promotions(cart, rules, self.context())

    def shown(self, cart: Cart) -> ShownSale:
        """The cart priced, with its savings per campaign and hints, for the sale screen."""
        rules, context = self.rules(), self.context()
        totals = price_promotions(cart, (*CART_RULES, *rules, *coupon_rules(cart.coupons)),
                                  context)
        return shown_sale(cart, totals, rules, context)
