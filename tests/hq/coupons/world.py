"""A small HQ world for the coupon tests: a campaign, its products, a signing key, members."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import insert

from hq import models as m
from hq.coupons import definitions, keys
from hq.promotions import service
from tests.hq.builders import enrol, push
from tests.hq.server import Device, HQServer
from tests.hq.test_members import T0

SECRET = "test-only coupon secret, 32+ characters long"
NOW = datetime.now(UTC)


def campaign_with_key(hq: HQServer, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv(keys.SECRET_ENV, SECRET)
    keys.new_key(hq.engine)
    with hq.engine.begin() as conn:
        conn.execute(insert(m.Product.__table__), [
            {"id": "p-mug", "sku": "GIFT-MUG", "name_zh": "马克杯", "price": 3900},
            {"id": "p-cola", "sku": "SKU-COLA", "name_zh": "可乐", "price": 350}])
    return service.create_campaign(hq.engine, service.NewCampaign("会员礼", id="c-gift"))


def definition(hq: HQServer, kind: str = "gift", **kw: Any) -> str:
    fields: dict[str, Any] = {"gift_sku": "GIFT-MUG"} if kind == "gift" else {"value": 2000}
    fields.update(kw)
    return definitions.define(hq.engine, definitions.NewDefinition(
        campaign_id="c-gift", kind=kind, title="到店礼" if kind == "gift" else "满100减20",
        valid_from=NOW - timedelta(days=1), valid_until=NOW + timedelta(days=30), **fields))


def member(hq: HQServer, device: Device, phone: str, **kw: Any) -> str:
    ev = enrol("韩梅梅", phone, T0, **kw)
    push(hq, device, ev)
    return ev["entity_id"]
