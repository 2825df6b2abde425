"""The demo store's gift coupon, so a newcomer can try the guide's gift redemption (Ctrl+G,
or scan the code at the sale field) without HQ: a demo member, 陈静 (138 0013 8000), holds a
gift coupon for one 运动手环 黑色, signed with a demo key pair whose public half the demo till
honours as if the `coupon_keys` stream had brought it.

The demo's private key is in this file on purpose: it signs nothing but this coupon, and a
demo till can never be paired with HQ (pairing refuses a database that has a store), so its
key never meets HQ's. Ed25519 signatures are deterministic: the code is the same on every
machine, and README.md quotes it.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from sqlalchemy import Engine

from local_db.models import Member, MemberCoupon
from local_db.models_coupon_keys import CouponKey
from local_db.uow import read_session, write_session
from pos_app.domain.codes.shortcode import make_short_code
from pos_app.domain.coupons import CouponPayload, public_key_of, sign

DEMO_KEY_ID = 1
DEMO_PRIVATE_KEY = hashlib.sha256(b"shopfloor demo coupon key - demo only").digest()
DEMO_MEMBER_ID = "0193a6e0-5c1e-7000-8000-00000000de30"
DEMO_MEMBER_PHONE = "13800138000"
DEMO_COUPON_ID = "0193a6e0-5c1e-7000-8000-00000000c0de"
DEMO_GIFT_SKU = "DIG-0015"  # 运动手环 黑色 ¥249.00, units (01)06966772000102(21)DEMO001…005
DEMO_FROM = datetime(2026, 1, 1, tzinfo=UTC)
DEMO_UNTIL = datetime(2032, 1, 1, tzinfo=UTC)  # valid_from is at most 65535 h before


def demo_gift_code() -> str:
    """The demo gift coupon's signed code (what its QR holds)."""
    return sign(CouponPayload.make(
        key_id=DEMO_KEY_ID, coupon_id=DEMO_COUPON_ID, campaign_id="demo-gift",
        member_id=DEMO_MEMBER_ID, kind="gift", valid_from=DEMO_FROM, valid_until=DEMO_UNTIL,
        gift_sku=DEMO_GIFT_SKU), DEMO_PRIVATE_KEY)


def seed_demo_coupon(engine: Engine) -> str:
    """Write the demo member, key and coupon once; the code either way."""
    code = demo_gift_code()
    with read_session(engine) as session:
        if session.get(CouponKey, DEMO_KEY_ID) is not None:
            return code
    with write_session(engine) as session:
        session.add(CouponKey(key_id=DEMO_KEY_ID, status="active",
                              public_key=public_key_of(DEMO_PRIVATE_KEY).hex()))
        if session.get(Member, DEMO_MEMBER_ID) is None:
            session.add(Member(id=DEMO_MEMBER_ID, name="陈静", phone=DEMO_MEMBER_PHONE,
                               consent=True, provisional=False))
            session.flush()
        session.add(MemberCoupon(
            id=DEMO_COUPON_ID, member_id=DEMO_MEMBER_ID, code=make_short_code("DEMOG1FT0"),
            campaign="demo-gift", kind="gift", title="会员礼：运动手环 1 只",
            valid_from=DEMO_FROM, valid_until=DEMO_UNTIL))
    return code
