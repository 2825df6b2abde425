"""A store with a gift to hand out: tracked canvas totes in stock, a member, HQ's coupon key
pair (the till holds the public half), and signed gift coupons for that member."""

from __future__ import annotations

import sqlite3
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from local_db.models import Member
from local_db.uow import write_session
from pos_app.domain.coupons import CouponPayload, generate_keypair, sign
from pos_app.services.coupons import CouponReader, GiftRedemption, OnlineRedeemer
from pos_app.services.units import UnitService
from tests.services.unit_world import BAG_GTIN, track_bag

NOW = datetime.now(UTC)
TABLES = ("coupon_redemption", "outbox_event", "unit_event", "audit_log")


def unit(serial: str) -> str:
    return f"(01){BAG_GTIN}(21){serial}"


@dataclass
class GiftWorld:
    world: object
    member_id: str
    private: bytes
    public: bytes
    retired_private: bytes
    gifts: GiftRedemption

    def coupon(self, *, kind="gift", sku="SKU-BAG", member: str | None = "", store=None,
               days=30, key_id=1, private=None) -> str:
        payload = CouponPayload.make(
            key_id=key_id, coupon_id=str(uuid.uuid4()), campaign_id="camp-gift",
            member_id=self.member_id if member == "" else member, kind=kind, value=1,
            valid_from=NOW - timedelta(days=2), valid_until=NOW + timedelta(days=days),
            gift_sku=sku if kind == "gift" else None, store_id=store)
        return sign(payload, private or self.private)

    def counts(self) -> dict[str, int]:
        conn = sqlite3.connect(self.world.path)
        try:
            counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                      for t in TABLES}
            counts["gifted"] = conn.execute(
                "SELECT count(*) FROM unit WHERE state = 'gifted'").fetchone()[0]
            return counts
        finally:
            conn.close()


def build_gift_world(world, policy=None) -> GiftWorld:
    track_bag(world)
    units = UnitService(world.engine, world.terminal)
    report = units.receive([unit(f"G{i}") for i in range(1, 4)], world.manager)
    assert len(report.received) == 3
    units.receive(["SFU:SKU-COLA:C1"], world.manager)
    member_id = str(uuid.uuid4())
    with write_session(world.engine) as session:
        session.add(Member(id=member_id, name="陈静", phone="13812345678", consent=True,
                           provisional=False))
    private, public = generate_keypair()
    retired_private, _retired_public = generate_keypair()
    return GiftWorld(world, member_id, private, public, retired_private,
                     make_gifts(world, public, policy))


def make_gifts(world, public: bytes, policy=None) -> GiftRedemption:
    """The till's gift redemption, its keys HQ's key 1 (key 2 retired), `policy` offline."""
    reader = CouponReader(world.engine, world.terminal, keys=lambda _s: ({1: public}, {2}))
    extra = {"policy": policy} if policy else {}
    return GiftRedemption(world.engine, world.terminal, reader,
                          UnitService(world.engine, world.terminal),
                          OnlineRedeemer(world.engine), **extra)
