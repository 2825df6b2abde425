"""The coupon tests' store: a gift world whose coupon key the till holds, as the coupon_keys
stream leaves it (the sale's coupon reader reads keys from the database; the gift reader of
gift_world is handed them, so the row changes nothing for the gift tests)."""

from __future__ import annotations

import pytest

from local_db.models import CouponKey
from local_db.uow import write_session
from tests.builders import StoreWorld
from tests.services.coupons.gift_world import GiftWorld, build_gift_world


@pytest.fixture
def gw(world: StoreWorld) -> GiftWorld:
    gw = build_gift_world(world)
    with write_session(world.engine) as session:
        session.add(CouponKey(key_id=1, public_key=gw.public.hex()))
    return gw
