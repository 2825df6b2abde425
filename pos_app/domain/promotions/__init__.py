"""The promotions engine (issue 16), pure: campaign rules behind the pricing seam.

Each rule kind is a frozen dataclass implementing `pricing.Rule`; `price_promotions` prices a
cart with them (exclusivity groups resolved first); `parse_rules` / `parse_cart` read the
JSON formats of docs/promotions.md; `hints` says what one more item or a little more spend
would get; `refund_for_return` is what a returned unit of a priced sale gives back.
"""

from pos_app.domain.promotions.campaign import (
    LANE_BASE,
    PRIORITY_MAX,
    PRIORITY_MIN,
    CampaignRule,
    PromoContext,
    RuleMeta,
    campaign_of,
    context_at,
    eligible,
)
from pos_app.domain.promotions.cart_json import (
    PreviewCart,
    PreviewLine,
    PreviewProduct,
    cart_from_data,
    parse_cart,
)
from pos_app.domain.promotions.errors import PromotionError
from pos_app.domain.promotions.groups import Resolution, check_rules, price_promotions, resolve
from pos_app.domain.promotions.hints import Hint, hint_text, hints
from pos_app.domain.promotions.kinds_sets import BundlePrice, BuyXGetY, SpendThreshold, Threshold
from pos_app.domain.promotions.kinds_simple import (
    AmountOff,
    FixedPrice,
    PercentOff,
    PointsMultiplier,
    order_amount_off,
    order_percent_off,
)
from pos_app.domain.promotions.outcomes import (
    CampaignSaving,
    campaign_savings,
    priced_dict,
    priced_json,
    priced_reading,
    refund_for_return,
)
from pos_app.domain.promotions.products import EVERYTHING, ProductSet, PromoProduct, of
from pos_app.domain.promotions.rules_json import BUILDERS, parse_rules, rules_from_data

__all__ = [
    "BUILDERS", "EVERYTHING", "LANE_BASE", "PRIORITY_MAX", "PRIORITY_MIN", "AmountOff",
    "BundlePrice", "BuyXGetY", "CampaignRule", "CampaignSaving", "FixedPrice", "Hint",
    "PercentOff", "PointsMultiplier", "PreviewCart", "PreviewLine", "PreviewProduct",
    "ProductSet", "PromoContext", "PromoProduct", "PromotionError", "Resolution", "RuleMeta",
    "SpendThreshold", "Threshold", "campaign_of", "campaign_savings", "cart_from_data",
    "check_rules", "context_at", "eligible", "hint_text", "hints", "of", "order_amount_off",
    "order_percent_off", "parse_cart", "parse_rules", "price_promotions", "priced_dict",
    "priced_json", "priced_reading", "refund_for_return", "resolve", "rules_from_data",
]
