"""The demo store's one campaign, so the demo shows what HQ's campaigns do at the till: a
buy-one-get-one on 可口可乐 500ml, written the way a pull of the `promotions` stream writes
it (sync.apply_promotions), once; a demo that already holds it is left as it is."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import select

from local_db.models_promotions import PromotionCampaign
from local_db.uow import read_session, write_session
from sync.apply_promotions import apply_promotions
from sync.contract.envelope import Change

DEMO_CAMPAIGN_ID = "demo-cola-bogo"
DEMO_CAMPAIGN_SKU = "DRK-0002"  # 可口可乐 500ml ¥4.00 (barcode 6901379000209)
DEMO_CAMPAIGN = {
    "id": DEMO_CAMPAIGN_ID, "name": "可口可乐500ml 买一送一", "status": "active",
    "rules": [{"id": "bogo", "kind": "buy_x_get_y", "priority": 10,
               "products": {"skus": [DEMO_CAMPAIGN_SKU]}, "buy": 1, "get": 1}],
}


def seed_demo_campaign(engine: Engine) -> None:
    with read_session(engine) as session:
        held = session.exec(select(PromotionCampaign.id)
                            .where(PromotionCampaign.id == DEMO_CAMPAIGN_ID)).first()
    if held is not None:
        return
    with write_session(engine) as session:
        apply_promotions(session, [Change(key=DEMO_CAMPAIGN_ID, op="upsert",
                                          data=DEMO_CAMPAIGN)])
