"""Finding a coupon by what a till scanned or typed, and describing it on the wire.

HQ keeps every signed code it issued, so a scanned SFC1 code is looked up by the coupon id it
carries and must equal, read case-insensitively, the code HQ signed: a tampered or forged
code names no coupon here (HQ never needs the public key to refuse it). A short code is the
10-character typed form (check character included), compared upper-case.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, select

from hq import models as m
from pos_app.domain.coupons import looks_signed, read
from pos_app.domain.coupons.base32 import normalise
from sync.contract.coupons_api import CodeKind, CouponTerms, FirstRedemption

COUPON, DEF = m.Coupon.__table__, m.CouponDefinition.__table__
RED, STORE, PRODUCT = m.CouponRedemption.__table__, m.Store.__table__, m.Product.__table__


def utc(at: datetime) -> datetime:
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def find(conn: Connection, code: str) -> tuple[Any | None, CodeKind | None]:
    """(coupon row, code kind), or (None, kind) when the code names no coupon HQ issued,
    or (None, None) when it is not a coupon code at all."""
    text = code.strip()
    if looks_signed(text):
        try:
            coupon_id = read(text).coupon_id
        except Exception:  # the domain's PosError (HQ may not import pos_app.errors)
            return None, "signed"
        row = conn.execute(select(COUPON).where(COUPON.c.id == coupon_id)).first()
        if row is None or not row.signed_code or normalise(row.signed_code) != normalise(text):
            return None, "signed"
        return row, "signed"
    if text[:4].upper() == "SFC1":
        return None, "signed"
    row = conn.execute(select(COUPON).where(COUPON.c.code == normalise(text))).first()
    return row, "short"


def definition(conn: Connection, coupon: Any) -> Any | None:
    if not coupon.definition_id:
        return None
    return conn.execute(select(DEF).where(DEF.c.id == coupon.definition_id)).first()


def stores_of(defn: Any | None) -> list[str]:
    return json.loads(defn.stores) if defn is not None else []


def terms(conn: Connection, coupon: Any, defn: Any | None) -> CouponTerms:
    """The coupon as a till prices it (a short code carries nothing but this)."""
    gift_sku = None
    if defn is not None and defn.gift_product_id:
        gift_sku = conn.execute(select(PRODUCT.c.sku).where(
            PRODUCT.c.id == defn.gift_product_id)).scalar()
    return CouponTerms(
        coupon_id=coupon.id, campaign_id=(defn.campaign_id if defn is not None
                                          else coupon.campaign) or "",
        kind=coupon.kind, title=coupon.title, value=coupon.value, min_spend=coupon.min_spend,
        gift_product_id=defn.gift_product_id if defn is not None else None, gift_sku=gift_sku,
        product_ids=json.loads(defn.product_ids) if defn is not None else [],
        member_id=coupon.member_id, valid_from=utc(coupon.valid_from),
        valid_until=utc(coupon.valid_until), stores=stores_of(defn),
        offline=defn.offline if defn is not None else "deny",
        offline_under=defn.offline_under if defn is not None else 0)


def accepted(conn: Connection, coupon_id: str) -> Any | None:
    return conn.execute(select(RED).where(RED.c.coupon_id == coupon_id,
                                          RED.c.status == "accepted")).first()


def place(conn: Connection, red: Any) -> FirstRedemption:
    store = conn.execute(select(STORE.c.code, STORE.c.name).where(
        STORE.c.id == red.store_id)).first()
    return FirstRedemption(
        store_id=red.store_id, store_code=store.code if store else "",
        store_name=store.name if store else "", receipt_no=red.receipt_no,
        sale_id=red.sale_id, gift_redemption_id=red.gift_redemption_id,
        guide_id=red.guide_id, redeemed_at=utc(red.redeemed_at))


def where_text(first: FirstRedemption) -> str:
    """'<store>, <receipt>, <time>' — what 'already redeemed at …' names."""
    ticket = first.receipt_no or f"gift {first.gift_redemption_id}"
    return (f"{first.store_code or first.store_id}, {ticket}, "
            f"{first.redeemed_at.strftime('%Y-%m-%d %H:%M:%S UTC')}")
