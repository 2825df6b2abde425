"""A cart as plain JSON-ready data and back, so a parked or open cart survives a restart.

Pure: no database, no clock. The snapshot keeps every field a cart line carries (product as
scanned, with its member price, quantity, unit code, guide, manual discount and its reason,
a manager's unit override) plus the sale's guide, order discount and attached member, so a
resumed cart is the cart that was parked. Prices are the ones scanned: a parked sale is
finished at the price the customer was told. A snapshot written before member prices were
charged has none, and resumes at list price (as it was told); one written before campaigns
has no category or tags, and resumes matching campaigns by SKU only; one written before
coupons has none applied (issue 17: `coupons`, each with HQ's hold key if one was taken).
A snapshot of an unknown version, or one that no longer holds together (a quantity out of
range, a discount over its line), is refused as unreadable rather than half-restored.
"""

from __future__ import annotations

import json
from typing import Any

from pos_app.domain.cart import Cart, CartLine, ProductSnapshot, check_quantity
from pos_app.domain.coupons.rule import AppliedCoupon
from pos_app.errors import PosError

VERSION = 1

_PRODUCT_FIELDS = ("product_id", "sku", "name", "unit_price", "tax_rate_bp", "barcode",
                   "unit_tracked", "member_price", "category", "name_en")
_LINE_FIELDS = ("line_id", "quantity", "line_discount", "discount_reason", "unit_code",
                "guide_id", "unit_override_by", "discount_approved_by")


def cart_to_dict(cart: Cart) -> dict[str, Any]:
    return {
        "v": VERSION,
        "guide_id": cart.guide_id,
        "member_id": cart.member_id,
        "member_tier": cart.member_tier,
        "order_discount": cart.order_discount,
        "order_discount_reason": cart.order_discount_reason,
        "order_discount_approved_by": cart.order_discount_approved_by,
        "coupons": [_coupon_dict(c) for c in cart.coupons],
        "lines": [
            {
                **{name: getattr(line, name) for name in _LINE_FIELDS},
                "product": {**{name: getattr(line.product, name) for name in _PRODUCT_FIELDS},
                            "tags": list(line.product.tags)},
            }
            for line in cart.lines
        ],
    }


def cart_to_json(cart: Cart) -> str:
    """Compact and stable (sorted keys), so an unchanged cart gives the same text."""
    return json.dumps(cart_to_dict(cart), ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"))


def cart_from_dict(data: dict[str, Any]) -> Cart:
    """The cart the snapshot describes; PosError('cart_snapshot_unreadable') if it cannot be."""
    try:
        if data.get("v") != VERSION:
            raise ValueError(f"version {data.get('v')!r}")
        lines = [_line(item) for item in data["lines"]]
        units = [line.unit_code for line in lines if line.unit_code]
        if len(units) != len(set(units)):
            raise ValueError("a unit twice in one cart")
        cart = Cart(lines=lines, guide_id=data.get("guide_id"))
        if data.get("member_id"):
            cart.attach_member(str(data["member_id"]), data.get("member_tier"))
        for item in data.get("coupons") or ():  # absent before coupons
            cart.apply_coupon(_coupon(item))
        discount = int(data.get("order_discount") or 0)
        if discount:
            cart.set_order_discount(discount, str(data.get("order_discount_reason") or ""),
                                    data.get("order_discount_approved_by") or None)
    except PosError as exc:
        raise PosError("cart_snapshot_unreadable", detail=exc.code) from exc
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise PosError("cart_snapshot_unreadable", detail=type(exc).__name__) from exc
    return cart


def cart_from_json(text: str) -> Cart:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise PosError("cart_snapshot_unreadable", detail="json") from exc
    if not isinstance(data, dict):
        raise PosError("cart_snapshot_unreadable", detail="json")
    return cart_from_dict(data)


def _line(item: dict[str, Any]) -> CartLine:
    p = item["product"]
    product = ProductSnapshot(
        product_id=str(p["product_id"]), sku=str(p["sku"]), name=str(p["name"]),
        unit_price=_int(p["unit_price"]), tax_rate_bp=_int(p["tax_rate_bp"]),
        barcode=str(p.get("barcode") or ""), unit_tracked=bool(p.get("unit_tracked")),
        member_price=_optional_int(p.get("member_price")),  # absent from older snapshots
        category=str(p.get("category") or ""),  # category and tags: absent before campaigns
        tags=_tags(p.get("tags")),
        name_en=str(p.get("name_en") or ""),  # absent before English screens named it
    )
    quantity = check_quantity(item["quantity"])
    unit_code = item.get("unit_code") or None
    if (product.unit_tracked or unit_code) and quantity != 1:
        raise ValueError("a unit line holds one item")
    discount = _int(item.get("line_discount") or 0)
    if discount < 0 or discount > product.unit_price * quantity or product.unit_price < 0:
        raise ValueError("line discount out of range")
    return CartLine(
        line_id=str(item["line_id"]), product=product, quantity=quantity,
        line_discount=discount, discount_reason=str(item.get("discount_reason") or ""),
        unit_code=unit_code, guide_id=item.get("guide_id") or None,
        unit_override_by=item.get("unit_override_by") or None,
        discount_approved_by=item.get("discount_approved_by") or None,  # absent before 20-L2
    )


_COUPON_FIELDS = ("coupon_id", "code", "kind", "value", "min_spend", "member_id", "hold_key",
                  "hold_sale_id", "skus")


def _coupon_dict(c: AppliedCoupon) -> dict[str, Any]:
    return {name: list(v) if isinstance(v := getattr(c, name), tuple) else v
            for name in _COUPON_FIELDS}


def _coupon(item: dict[str, Any]) -> AppliedCoupon:
    value, min_spend = _int(item["value"]), _int(item.get("min_spend") or 0)
    if value < 0 or min_spend < 0:
        raise ValueError("coupon terms out of range")
    return AppliedCoupon(
        coupon_id=str(item["coupon_id"]), code=str(item["code"]), kind=str(item["kind"]),
        value=value, min_spend=min_spend, member_id=item.get("member_id") or None,
        hold_key=item.get("hold_key") or None, hold_sale_id=item.get("hold_sale_id") or None,
        skus=_tags(item.get("skus")))


def _tags(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        raise ValueError("tags are not a list of texts")
    return tuple(value)


def _optional_int(value: object) -> int | None:
    if value is None:
        return None
    price = _int(value)
    if price < 0:
        raise ValueError("member price out of range")
    return price


def _int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("not an integer")
    return value
