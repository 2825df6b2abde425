"""What the sale screen shows of a priced cart besides its lines: the saving per campaign and
"add 1 more to get …" hints, priced once with the same rules and context as the totals."""

from __future__ import annotations

from dataclasses import dataclass

from pos_app.domain.cart import Cart, CartTotals
from pos_app.domain.pricing import CART_RULES, PricingContext, Rule
from pos_app.domain.promotions import CampaignSaving, campaign_savings, hint_text, hints

MAX_HINTS = 1  # the totals area has room for one hint: the nearest (smallest rule id)


@dataclass(frozen=True)
class ShownSale:
    totals: CartTotals
    savings: tuple[CampaignSaving, ...]  # by campaign id
    hints: tuple[str, ...]  # translated, at most MAX_HINTS

    @property
    def campaign_saving(self) -> int:
        return sum(s.amount for s in self.savings)


def shown_sale(cart: Cart, totals: CartTotals, rules: tuple[Rule, ...],
               context: PricingContext) -> ShownSale:
    """`totals` (the cart priced by `rules` in `context`) with its campaigns' savings and the
    hints one item away: a buy-X or bundle rule one unit short, or a 满减 tier no further
    away than the dearest unit already in the cart (one more of it would reach the tier)."""
    if cart.is_empty or not rules:
        return ShownSale(totals, (), ())
    dearest = max(ln.product.unit_price for ln in cart.lines)
    found = hints(cart, (*CART_RULES, *rules), context, max_items=1, max_spend=dearest)
    return ShownSale(totals, campaign_savings(totals, rules),
                     tuple(hint_text(h) for h in found[:MAX_HINTS]))
