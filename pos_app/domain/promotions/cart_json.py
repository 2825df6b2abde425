"""A cart described in JSON, for the preview tool (`shopfloor promotions try --cart`), tests
and support: the same pricing input the till builds from its cart (docs/promotions.md).

Line ids are what every tie-break reads, so give them; without one a line is numbered by
its place in the file ("1", "2", …), and permuting such a file renames its lines.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from pos_app.domain.promotions.campaign import PromoContext, context_at
from pos_app.domain.promotions.errors import PromotionError
from pos_app.domain.promotions.json_fields import Fields
from pos_app.domain.tiers import TIER_CODES

MAX_QUANTITY = 9999


@dataclass(frozen=True)
class PreviewProduct:
    sku: str
    unit_price: int
    member_price: int | None = None
    tax_rate_bp: int = 1300
    name: str = ""
    category: str = ""
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class PreviewLine:
    line_id: str
    product: PreviewProduct
    quantity: int = 1
    line_discount: int = 0
    discount_reason: str = ""


@dataclass(frozen=True)
class PreviewCart:
    """A PricingInput made of plain values (the till's Cart is one too)."""

    lines: tuple[PreviewLine, ...]
    order_discount: int = 0
    order_discount_reason: str = ""
    member_id: str | None = None
    member_tier: str | None = None


def _line(raw: object, n: int) -> PreviewLine:
    f = Fields(raw, f"line {n}")
    line_id = f.text("line_id", str(n)) or str(n)
    f = Fields(raw, f"line {line_id}")
    product = PreviewProduct(
        sku=f.text("sku"), unit_price=f.integer("unit_price_fen", 0),
        member_price=f.integer("member_price_fen", 0, default=None),
        tax_rate_bp=f.integer("tax_rate_bp", 0, 10_000, default=1300),
        name=f.text("name", ""), category=f.text("category", ""), tags=f.texts("tags"))
    line = PreviewLine(line_id, product, f.integer("quantity", 1, MAX_QUANTITY, default=1),
                       f.integer("line_discount_fen", 0, default=0),
                       f.text("discount_reason", ""))
    if line.line_discount > product.unit_price * line.quantity:
        raise f.refuse("line_discount_fen")
    return line


def cart_from_data(data: Any) -> tuple[PreviewCart, PromoContext]:
    """The cart and the context it is priced in (store, store-local time)."""
    top = Fields(data, "cart")
    rows = top.data.get("lines")
    if not isinstance(rows, list):
        raise top.refuse("lines")
    lines = tuple(_line(raw, n) for n, raw in enumerate(rows, 1))
    ids = [ln.line_id for ln in lines]
    if len(set(ids)) != len(ids):
        raise top.refuse("line_id")
    member_id = member_tier = None
    if top.has("member"):
        m = top.child("member", "member")
        member_id = m.text("id")
        member_tier = m.text("tier", "regular")
        if member_tier not in TIER_CODES:
            raise m.refuse("tier")
    cart = PreviewCart(lines, top.integer("order_discount_fen", 0, default=0),
                       top.text("order_discount_reason", ""), member_id, member_tier)
    store = top.text("store_id", "") or None
    at = top.moment("at")
    context = context_at(at, store) if at is not None else PromoContext(store_id=store)
    return cart, context


def parse_cart(text: str | bytes) -> tuple[PreviewCart, PromoContext]:
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise PromotionError("promo_cart_unreadable", detail=str(exc)) from None
    return cart_from_data(data)
