"""The guide's gift redemption at a real till (SQLite file, signed codes, no HQ: a demo-like
unpaired till, and a paired one whose HQ is gone): the unit gifted, the redemption row, its
`coupon.redeemed` event and the audit row in one transaction; every refusal writes nothing."""

from __future__ import annotations

import json

import pytest

from pos_app.domain.codes.shortcode import make_short_code
from pos_app.errors import PosError
from pos_app.services.coupons import OfflinePolicy
from tests.services.coupons.gift_world import make_gifts, unit
from tests.services.unit_world import key, rows


def test_a_gift_coupon_and_its_unit_hand_the_gift_over_once(gw, world):
    view = gw.gifts.inspect(gw.coupon())
    assert (view.kind, view.gift_sku, view.member_masked) == ("gift", "SKU-BAG", "138****5678")
    before = gw.counts()
    done = gw.gifts.redeem(view, unit("G1"), world.guide)
    after = gw.counts()
    assert {t: after[t] - before[t] for t in after} == {
        "coupon_redemption": 1, "outbox_event": 1, "unit_event": 1, "audit_log": 1,
        "gifted": 1}
    assert done.mode == "offline"  # unpaired: the till is its own HQ
    (state, guide), = rows(world, "SELECT state, guide_id FROM unit WHERE unit_key = ?",
                           key("G1"))
    assert (state, guide) == ("gifted", world.guide.id)
    (red,) = rows(world, "SELECT coupon_id, member_id, staff_id, unit_key, slip_no, mode"
                         " FROM coupon_redemption")
    assert red == (view.coupon_id, gw.member_id, world.guide.id, key("G1"),
                   "S01-T01-G000001", "offline")
    (payload,) = rows(world, "SELECT payload FROM outbox_event WHERE type = 'coupon.redeemed'")
    event = json.loads(payload[0])
    assert (event["coupon_id"], event["unit_code"], event["guide_id"], event["online"],
            event["gift_redemption_id"]) == (view.coupon_id, key("G1"), world.guide.id,
                                             False, done.redemption_id)
    assert (done.slip.unit_key, done.slip.member_masked, done.slip.guide_name) == (
        key("G1"), "138****5678", world.guide.name)
    # the same coupon again: refused at inspection, and at the database if it got further
    again = _refused(gw, lambda: gw.gifts.inspect(view.code))
    assert again.code == "coupon_redeemed_here"
    assert "S01-T01-G000001" in again.message()
    assert _refused(gw, lambda: gw.gifts.redeem(view, unit("G2"), world.guide)).code == (
        "coupon_redeemed_here")


def _refused(gw, action) -> PosError:
    """The refusal `action` raises, having written nothing at all."""
    before = gw.counts()
    with pytest.raises(PosError) as caught:
        action()
    assert gw.counts() == before
    return caught.value


def test_every_coupon_refusal_is_translated_and_writes_nothing(gw, world):
    cases = {
        "coupon_bad_signature": lambda: gw.gifts.inspect(_tampered(gw.coupon())),
        "coupon_key_retired": lambda: gw.gifts.inspect(
            gw.coupon(key_id=2, private=gw.retired_private)),
        "coupon_expired": lambda: gw.gifts.inspect(gw.coupon(days=-1)),
        "coupon_wrong_store": lambda: gw.gifts.inspect(gw.coupon(store="another-store")),
        "coupon_wrong_member": lambda: gw.gifts.inspect(
            gw.coupon(), member_id="0190b2c4-0000-7000-8000-000000000001"),
        "coupon_not_gift": lambda: gw.gifts.inspect(gw.coupon(kind="amount_off")),
        "gift_product_unknown": lambda: gw.gifts.inspect(gw.coupon(sku="NO-SUCH-SKU")),
        "coupon_short_needs_hq": lambda: gw.gifts.inspect(make_short_code("7K3M9Q2X4")),
    }
    for code, action in cases.items():
        error = _refused(gw, action)
        assert error.code == code, (code, error.code)
        assert error.message() and "{" not in error.message()


def _tampered(code: str) -> str:
    i = len(code) // 2
    return code[:i] + ("A" if code[i] != "A" else "B") + code[i + 1:]


def test_every_wrong_unit_is_refused_and_writes_nothing(gw, world):
    view = gw.gifts.inspect(gw.coupon())
    done = gw.gifts.redeem(gw.gifts.inspect(gw.coupon()), unit("G3"), world.guide)
    assert done.mode == "offline"
    from tests.services.unit_world import pay_cash, till_for
    till = till_for(world)
    till.sale.scan(unit("G2"))
    pay_cash(till)
    cases = {
        "gift_unit_required": "6937654321097",  # the product's barcode, not a unit
        "gift_wrong_unit": "SFU:SKU-COLA:C1",
        "unit_already_sold_by_cashier": unit("G2"),  # sold by the cashier, no guide
        "unit_gifted": unit("G3"),
        "unit_unknown": unit("NOPE"),
    }
    for code, raw in cases.items():
        error = _refused(gw, lambda raw=raw: gw.gifts.redeem(view, raw, world.guide))
        assert error.code == code, (code, error.code)


def test_the_messages_read_in_chinese(gw, world):
    from pos_app import i18n
    i18n.set_language("zh_CN")
    error = _refused(gw, lambda: gw.gifts.inspect(gw.coupon(store="another-store")))
    assert error.message() != "This coupon cannot be redeemed at this store."


def _pair_with_a_dead_hq(world) -> None:
    """A paired till whose HQ does not answer (nothing listens on the port)."""
    from local_db.models import HqLink
    from local_db.uow import write_session
    from tests.sync.hq_process import free_port
    with write_session(world.engine) as session:
        session.add(HqLink(hq_url=f"http://127.0.0.1:{free_port()}", device_id="d", token="t"))


def test_hq_out_of_reach_under_deny_refuses_and_writes_nothing(gw, world):
    _pair_with_a_dead_hq(world)
    view = gw.gifts.inspect(gw.coupon())
    error = _refused(gw, lambda: gw.gifts.redeem(view, unit("G1"), world.guide))
    assert error.code == "coupon_offline_denied"


def test_hq_out_of_reach_under_allow_under_weighs_the_gift(gw, world):
    gw.gifts = make_gifts(world, gw.public, lambda _cid: OfflinePolicy("allow_under", 10000))
    _pair_with_a_dead_hq(world)
    view = gw.gifts.inspect(gw.coupon())
    error = _refused(gw, lambda: gw.gifts.redeem(view, unit("G1"), world.guide))
    assert error.code == "coupon_offline_over"  # the tote is ¥129.00, over ¥100.00
    assert "100.00" in error.message()
    gw.gifts = make_gifts(world, gw.public, lambda _cid: OfflinePolicy("allow"))
    done = gw.gifts.redeem(gw.gifts.inspect(gw.coupon()), unit("G2"), world.guide)
    assert done.mode == "offline"


def test_the_readme_quotes_the_demo_gift_coupon_as_the_demo_signs_it():
    from pathlib import Path

    from pos_app.services.demo_coupon import demo_gift_code
    readme = Path(__file__).resolve().parents[3] / "README.md"
    assert demo_gift_code() in readme.read_text(encoding="utf-8")


def test_hq_out_of_reach_the_policy_the_definitions_stream_brought_decides(gw, world):
    from local_db.models_coupon_definitions import CouponDefinition
    from local_db.uow import write_session
    from pos_app.domain.coupons import campaign_ref, gift_ref
    _pair_with_a_dead_hq(world)
    view = gw.gifts.inspect(gw.coupon())
    with write_session(world.engine) as session:
        session.add(CouponDefinition(
            id="def-1", campaign_id="camp-gift", campaign_ref=campaign_ref("camp-gift"),
            kind="gift", gift_ref=gift_ref("SKU-BAG"), offline="allow", offline_under=0,
            valid_until="2099-01-01T00:00:00+00:00", data="{}"))
    done = gw.gifts.redeem(view, unit("G1"), world.guide)
    assert done.mode == "offline"
    assert rows(world, "SELECT mode FROM coupon_redemption") == [("offline",)]


def test_a_gift_coupon_at_the_sale_field_opens_the_gift_screen_others_apply(gw, world):
    from pos_app.domain.cart import Cart
    from pos_app.services.till import AppliesCoupon, OpensGift
    gift = gw.coupon()
    assert world.scanner.scan(Cart(), gift.lower()) == OpensGift(gift.lower())
    other = gw.coupon(kind="amount_off")  # the sale feature verifies and applies it (17-D)
    assert world.scanner.scan(Cart(), other) == AppliesCoupon(other)
