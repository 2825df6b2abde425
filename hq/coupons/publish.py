"""Publishing coupon definitions on the `coupon_definitions` stream (a till's offline view
of a coupon's terms and offline policy): once with no store when it is for every store,
else once per store it names, so each till receives its own."""

from __future__ import annotations

import json

from sqlalchemy import Connection, select

from hq import changes
from hq import models as m
from hq.coupons.lookup import utc
from pos_app.domain.coupons import campaign_ref, gift_ref
from sync.contract.streams_coupons import CouponDefinitionData

DEF, PRODUCT = m.CouponDefinition.__table__, m.Product.__table__
STREAM = "coupon_definitions"


def publish(conn: Connection, defn_id: str) -> None:
    d = conn.execute(select(DEF).where(DEF.c.id == defn_id)).one()
    sku = conn.execute(select(PRODUCT.c.sku).where(
        PRODUCT.c.id == d.gift_product_id)).scalar() if d.gift_product_id else None
    stores = json.loads(d.stores)
    data = CouponDefinitionData(
        id=d.id, campaign_id=d.campaign_id, campaign_ref=campaign_ref(d.campaign_id),
        kind=d.kind, title=d.title, value=d.value, min_spend=d.min_spend,
        gift_product_id=d.gift_product_id, gift_sku=sku, gift_ref=gift_ref(sku) if sku else None,
        product_ids=json.loads(d.product_ids), stores=stores,
        valid_from=utc(d.valid_from).isoformat(), valid_until=utc(d.valid_until).isoformat(),
        offline=d.offline, offline_under=d.offline_under).model_dump()
    for scope in stores or [None]:
        changes.record(conn, STREAM, d.id, "upsert", data, store_id=scope)
