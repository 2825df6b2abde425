"""A small HQ world for the coupon tests: a campaign, its products, a signing key, members."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import insert, select

from hq import models as m
from hq.coupons import definitions, keys
from hq.promotions import service
from tests.hq.builders import enrol, push
from tests.hq.server import Device, HQServer
from tests.hq.test_members import T0

SECRET = "test-only coupon secret, 32+ characters long"
NOW = datetime.now(UTC)


def campaign_with_key(hq: HQServer, monkeypatch: pytest.MonkeyPatch) -> str:
    """Once per HQ (a second call finds it made)."""
    monkeypatch.setenv(keys.SECRET_ENV, SECRET)
    with hq.engine.connect() as conn:
        if conn.execute(select(m.Campaign.__table__.c.id).where(
                m.Campaign.__table__.c.id == "c-gift")).first():
            return "c-gift"
    keys.new_key(hq.engine)
    with hq.engine.begin() as conn:
        conn.execute(insert(m.Product.__table__), [
            {"id": "p-mug", "sku": "GIFT-MUG", "name_zh": "马克杯", "price": 3900}])
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


def offline_coupon(hq: HQServer, device: Device, monkeypatch: pytest.MonkeyPatch,
                   phone: str = "13700000001", offline: str = "allow",
                   **kw: Any) -> tuple[str, str]:
    """(short code, coupon id) of a 满100减20 coupon whose offline policy is `offline`, issued
    to a member enrolled by `device`."""
    from hq.coupons import issuing

    campaign_with_key(hq, monkeypatch)
    member(hq, device, phone)
    got = issuing.issue(hq.engine, definition(hq, "amount_off", offline=offline, **kw), phone)
    return got.short_code, got.id
