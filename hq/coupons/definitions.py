"""Coupon definitions inside campaigns (issue 17 item 1): what a campaign hands out.

A definition says the kind (amount_off: `value` fen off a basket of at least `min_spend`;
percent_off: `value` whole percent, kept as permille like the members stream; gift: one unit
of the product of SKU `gift_sku`; bogo: buy one get one on the products of `bogo_skus`), the
validity window (UTC), the stores (codes; none: every store of the campaign), how many one
member may hold (`per_member_limit`, 0: no limit), how many exist at most (`total_quantity`,
0: no limit) and the offline policy a till applies when HQ does not answer: `deny`, `allow`,
or `allow_under` (only a coupon worth at most `offline_under` fen; a gift or a bogo is worth
its product's price). Everything is checked before anything is written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, insert, select

from hq import models as m
from hq.admin import AdminError
from hq.coupons.publish import publish
from hq.db import writer
from hq.models_base import new_id

DEF, CAMPAIGN = m.CouponDefinition.__table__, m.Campaign.__table__
PRODUCT, STORE = m.Product.__table__, m.Store.__table__
KINDS = ("amount_off", "percent_off", "gift", "bogo")
POLICIES = ("deny", "allow", "allow_under")
MAX_FEN = 1_000_000_000
MAX_VALIDITY = timedelta(hours=2**16 - 1)  # the signed payload's valid_hours field


@dataclass(frozen=True)
class NewDefinition:
    campaign_id: str
    kind: str
    title: str
    valid_from: datetime
    valid_until: datetime
    value: int = 0  # fen (amount_off) or whole percent (percent_off)
    min_spend: int = 0
    gift_sku: str | None = None
    bogo_skus: tuple[str, ...] = ()
    stores: tuple[str, ...] = ()  # store codes
    per_member_limit: int = 1
    total_quantity: int = 0
    offline: str = "deny"
    offline_under: int = 0
    id: str = field(default_factory=new_id)


def _aware(at: datetime) -> datetime:
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def _checked(d: NewDefinition) -> None:
    if d.kind not in KINDS:
        raise AdminError(f"coupon kind must be one of {', '.join(KINDS)}")
    if not d.title.strip() or len(d.title) > 200 or "\x00" in d.title:
        raise AdminError("a coupon needs a title (at most 200 characters)")
    if d.kind == "amount_off" and not 0 < d.value <= MAX_FEN:
        raise AdminError("amount_off needs an amount above ¥0")
    if d.kind == "percent_off" and not 0 < d.value < 100:
        raise AdminError("percent_off needs 1–99 %")
    if not 0 <= d.min_spend <= MAX_FEN or not 0 <= d.offline_under <= MAX_FEN:
        raise AdminError("amounts out of range")
    if d.kind == "gift" and not d.gift_sku:
        raise AdminError("a gift coupon names its gift product (--gift-sku)")
    if d.kind == "bogo" and not d.bogo_skus:
        raise AdminError("a buy-one-get-one coupon names its products (--sku …)")
    if _aware(d.valid_until) <= _aware(d.valid_from):
        raise AdminError("the coupon's validity ends before it starts")
    if _aware(d.valid_until) - _aware(d.valid_from) > MAX_VALIDITY:
        raise AdminError("a coupon is valid for at most 2730 days (what a signed code says)")
    if d.per_member_limit < 0 or d.total_quantity < 0:
        raise AdminError("limits are 0 (none) or more")
    if d.offline not in POLICIES:
        raise AdminError(f"offline policy must be one of {', '.join(POLICIES)}")


def define(engine: Engine, d: NewDefinition) -> str:
    """Add a coupon definition to a campaign; its id. AdminError, nothing written, when
    anything is wrong (unknown campaign, SKU or store included)."""
    _checked(d)
    with writer(engine).begin() as conn:
        if conn.execute(select(CAMPAIGN.c.id).where(CAMPAIGN.c.id == d.campaign_id)).first() \
                is None:
            raise AdminError(f"unknown campaign {d.campaign_id!r}")
        skus = ([d.gift_sku] if d.kind == "gift" else []) + list(d.bogo_skus)
        found = dict(conn.execute(select(PRODUCT.c.sku, PRODUCT.c.id).where(
            PRODUCT.c.sku.in_(skus))).all()) if skus else {}
        if missing := [s for s in skus if s not in found]:
            raise AdminError(f"unknown SKU {', '.join(missing)}")
        stores = dict(conn.execute(select(STORE.c.code, STORE.c.id).where(
            STORE.c.code.in_(d.stores))).all()) if d.stores else {}
        if missing := [c for c in d.stores if c not in stores]:
            raise AdminError(f"unknown store {', '.join(missing)}")
        conn.execute(insert(DEF), {
            "id": d.id, "campaign_id": d.campaign_id, "kind": d.kind, "title": d.title.strip(),
            "value": d.value * 10 if d.kind == "percent_off" else
            (d.value if d.kind == "amount_off" else 0),
            "min_spend": d.min_spend if d.kind in ("amount_off", "percent_off") else 0,
            "gift_product_id": found.get(d.gift_sku or ""),
            "product_ids": json.dumps(sorted(found[s] for s in d.bogo_skus)),
            "stores": json.dumps(sorted(stores[c] for c in d.stores)),
            "valid_from": _aware(d.valid_from), "valid_until": _aware(d.valid_until),
            "per_member_limit": d.per_member_limit, "total_quantity": d.total_quantity,
            "issued": 0, "offline": d.offline, "offline_under": d.offline_under,
            "created_at": m.utcnow()})
        publish(conn, d.id)  # tills learn its terms and offline policy on their next pull
    return d.id


def list_definitions(engine: Engine, campaign_id: str | None = None) -> list[dict[str, Any]]:
    query = select(DEF).order_by(DEF.c.created_at, DEF.c.id)
    if campaign_id:
        query = query.where(DEF.c.campaign_id == campaign_id)
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]
