"""A small shop for the promotions tests: products, carts with named lines, campaign metas
and the 12.12 context (real domain values, nothing mocked)."""

from __future__ import annotations

from datetime import datetime

from pos_app.domain.pricing import CART_RULES
from pos_app.domain.promotions import (
    PreviewCart,
    PreviewLine,
    PreviewProduct,
    RuleMeta,
    context_at,
    price_promotions,
)

MILK_900 = PreviewProduct("MILK-900", 26800, category="milk", tags=("infant",), name="奶粉900g")
MILK_400 = PreviewProduct("MILK-400", 12800, category="milk", tags=("infant",), name="奶粉400g")
TEA = PreviewProduct("TEA", 4000, category="drinks")
SHIRT = PreviewProduct("SHIRT", 20000, category="apparel")
SOCKS_A = PreviewProduct("SOCK-A", 3900, category="apparel", tags=("socks",))
SOCKS_B = PreviewProduct("SOCK-B", 4500, category="apparel", tags=("socks",))
SOCKS_C = PreviewProduct("SOCK-C", 2900, category="apparel", tags=("socks",))
COAT = PreviewProduct("COAT", 9900, member_price=9500, category="apparel")

ON_1212 = context_at(datetime(2026, 12, 12, 10, 30), "S001")
AFTER_1212 = context_at(datetime(2026, 12, 13, 0, 0), "S001")


def line(line_id: str, product: PreviewProduct, quantity: int = 1) -> PreviewLine:
    return PreviewLine(line_id, product, quantity)


def cart(*lines: PreviewLine, member: str | None = None, tier: str | None = None,
         order_discount: int = 0) -> PreviewCart:
    return PreviewCart(tuple(lines), order_discount, "", member,
                       (tier or "regular") if member else None)


def meta(campaign: str, rule: str, **kw: object) -> RuleMeta:
    return RuleMeta(campaign, kw.pop("campaign_name", campaign.upper()), rule, **kw)  # type: ignore[arg-type]


def priced(the_cart: PreviewCart, rules, context=ON_1212):
    """Priced as the till will: the cart's own rules plus the campaigns."""
    return price_promotions(the_cart, [*CART_RULES, *rules], context)


def offs(priced_line) -> list[tuple[str, int]]:
    return [(a.rule.rule_id, a.amount) for a in priced_line.adjustments]
