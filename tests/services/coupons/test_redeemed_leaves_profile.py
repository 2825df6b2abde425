"""A coupon redeemed on this till leaves the member's open coupons (tester 24, finding 1):
the gift handed out and the discount used at a sale both, read from the redemption row that
commits with the redemption itself, so the profile can never show a coupon already spent."""

from __future__ import annotations

from datetime import timedelta

from local_db.models import MemberCoupon
from local_db.uow import write_session
from pos_app.services.members import MemberService
from tests.services.coupons.gift_world import NOW, unit
from tests.services.coupons.test_sale_coupon import coupon as sale_coupon
from tests.services.unit_world import COLA, pay_cash, till_for


def _listed(world, gw, coupon_id: str, kind: str, title: str) -> None:
    """The coupon as the members stream lists it under its member."""
    with write_session(world.engine) as session:
        session.add(MemberCoupon(
            id=coupon_id, member_id=gw.member_id, code=coupon_id[:10], kind=kind, title=title,
            valid_from=NOW - timedelta(days=2), valid_until=NOW + timedelta(days=20)))


def _open_titles(world, gw) -> list[str]:
    profile = MemberService(world.engine, world.terminal).profile(gw.member_id, world.guide)
    return [c.title for c in profile.coupons]


def test_a_gift_handed_out_leaves_the_open_coupons(gw, world):
    view = gw.gifts.inspect(gw.coupon())
    _listed(world, gw, view.coupon_id, "gift", "会员礼：帆布袋")
    assert _open_titles(world, gw) == ["会员礼：帆布袋"]
    gw.gifts.redeem(view, unit("G1"), world.guide)
    assert _open_titles(world, gw) == []


def test_a_discount_used_at_a_sale_leaves_the_open_coupons(gw, world):
    till = till_for(world)
    till.sale.scan(COLA, 4)
    applied = till.sale.scan(sale_coupon(gw))
    _listed(world, gw, applied.coupon_id, "amount_off", "满10减5")
    assert _open_titles(world, gw) == ["满10减5"]
    pay_cash(till)
    assert _open_titles(world, gw) == []
