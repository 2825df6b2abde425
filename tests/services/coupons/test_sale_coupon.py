"""A discount coupon at the sale on a real till (SQLite file, signed codes, an unpaired till
that is its own HQ): scanned, it attaches its member and prices the cart through the pricing
seam; paid, its redemption row and `coupon.redeemed` event commit with the sale, or nothing
does; the same coupon is refused on a second sale."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

import pytest

from local_db.models import Member
from local_db.uow import write_session
from pos_app.domain.coupons import CouponPayload, sign
from pos_app.domain.tenders import Tender, TenderKind
from pos_app.errors import PosError
from pos_app.services.till import AppliesCoupon, Refused
from tests.services.coupons.gift_world import NOW
from tests.services.unit_world import COLA, pay_cash, rows, till_for

TABLES = ("sale", "coupon_redemption", "outbox_event", "audit_log")


def coupon(gw, kind="amount_off", value=500, min_spend=1000, member="") -> str:
    payload = CouponPayload.make(
        key_id=1, coupon_id=str(uuid.uuid4()), campaign_id="camp-sale",
        member_id=gw.member_id if member == "" else member, kind=kind, value=value,
        min_spend=min_spend, valid_from=NOW - timedelta(days=1),
        valid_until=NOW + timedelta(days=30))
    return sign(payload, gw.private)


def counts(world) -> dict[str, int]:
    return {t: rows(world, f"SELECT count(*) FROM {t}")[0][0] for t in TABLES}


def test_a_discount_coupon_prices_the_sale_and_is_redeemed_with_it_once(gw, world):
    till = till_for(world)
    till.sale.scan(COLA, 4)  # ¥14.00
    code = coupon(gw)
    outcome = till.sale.scan(code)
    assert isinstance(outcome, AppliesCoupon) and outcome.coupon_id
    assert till.sale.cart.member_id == gw.member_id  # the coupon's member joins the sale
    assert till.sale.coupon_ids() == [outcome.coupon_id]
    assert till.sale.totals().total == 900
    before = counts(world)
    done = pay_cash(till)
    after = counts(world)
    assert {t: after[t] - before[t] for t in TABLES} == {
        "sale": 1, "coupon_redemption": 1, "outbox_event": 2, "audit_log": 1}
    assert done.total == 900
    (red,) = rows(world, "SELECT coupon_id, sale_id, member_id, mode, slip_no, kind"
                         " FROM coupon_redemption")
    assert red == (outcome.coupon_id, done.sale_id, gw.member_id, "offline", done.receipt_no,
                   "amount_off")
    adj = rows(world, "SELECT kind, rule_id, amount FROM sale_line_adjustment"
                      " WHERE kind = 'coupon'")
    assert sum(a[2] for a in adj) == 500 and {a[1] for a in adj} == {outcome.coupon_id}
    (payload,) = rows(world, "SELECT payload FROM outbox_event WHERE type = 'coupon.redeemed'")
    event = json.loads(payload[0])
    assert (event["sale_id"], event["coupon_id"], event["online"]) == (
        done.sale_id, outcome.coupon_id, False)
    sale_event = json.loads(rows(world, "SELECT payload FROM outbox_event"
                                        " WHERE type = 'sale.completed'")[0][0])
    kinds = {a["kind"] for ln in sale_event["lines"] for a in ln.get("adjustments", [])}
    assert "coupon" in kinds
    # the same coupon on the next sale: refused here (this till redeemed it)
    till.sale.scan(COLA, 4)
    again = till.sale.scan(code)
    assert isinstance(again, Refused) and again.reason.code == "coupon_redeemed_here"
    assert done.receipt_no in again.reason.message()


def test_a_failing_commit_writes_no_sale_no_redemption_no_event(gw, world):
    till = till_for(world)
    till.sale.scan(COLA, 4)
    assert isinstance(till.sale.scan(coupon(gw)), AppliesCoupon)
    before = counts(world)

    def boom(_session):
        raise RuntimeError("disk full")

    checkout = till._s.checkout
    with pytest.raises(RuntimeError):
        checkout.complete_sale(till.sale.cart, [Tender(TenderKind.CASH, 900)], world.cashier,
                               world.shift, also=boom)
    assert counts(world) == before


def test_another_members_sale_refuses_the_coupon_and_a_bearer_coupon_needs_none(gw, world):
    other = str(uuid.uuid4())
    with write_session(world.engine) as session:
        session.add(Member(id=other, name="王芳", phone="13900001111", consent=True,
                           provisional=False))
    till = till_for(world)
    till.sale.scan(COLA, 4)
    till.sale.attach_member(till._s.members.by_ids([other])[0])
    refused = till.sale.scan(coupon(gw))
    assert isinstance(refused, Refused) and refused.reason.code == "coupon_wrong_member"
    assert till.sale.totals().total == 1400
    bearer = till.sale.scan(coupon(gw, kind="percent_off", value=10, min_spend=0, member=None))
    assert isinstance(bearer, AppliesCoupon)
    assert till.sale.totals().total == 1260


def test_a_coupon_under_its_threshold_takes_nothing_and_is_not_redeemed(gw, world):
    till = till_for(world)
    till.sale.scan(COLA, 2)  # ¥7.00 < ¥10.00
    assert isinstance(till.sale.scan(coupon(gw)), AppliesCoupon)
    assert till.sale.totals().total == 700
    pay_cash(till)
    assert rows(world, "SELECT count(*) FROM coupon_redemption") == [(0,)]


def test_a_coupon_removed_before_payment_prices_nothing_and_writes_nothing(gw, world):
    till = till_for(world)
    till.sale.scan(COLA, 4)
    outcome = till.sale.scan(coupon(gw))
    before = counts(world)
    till.sale.remove_coupon(outcome.coupon_id)
    assert till.sale.totals().total == 1400 and till.sale.coupon_ids() == []
    with pytest.raises(PosError) as caught:
        till.sale.remove_coupon(outcome.coupon_id)
    assert caught.value.code == "coupon_not_in_cart"
    assert counts(world) == before


def test_a_gift_coupon_is_not_applied_and_a_coupon_is_applied_once(gw, world):
    till = till_for(world)
    till.sale.scan(COLA, 4)
    code = coupon(gw)
    till.sale.scan(code)
    twice = till.sale.scan(code)
    assert isinstance(twice, Refused) and twice.reason.code == "coupon_in_cart"
    assert till._s.checkout.coupons is not None
    with pytest.raises(PosError) as caught:
        till._s.checkout.coupons.read(gw.coupon(), gw.member_id)
    assert caught.value.code == "coupon_is_gift"


def test_a_return_keeps_the_coupon_redeemed_unless_a_manager_revives_it(gw, world):
    from pos_app.domain.permissions import Action

    till = till_for(world)
    till.sale.scan(COLA, 4)
    code = coupon(gw)
    till.sale.scan(code)
    done = pay_cash(till)
    find = till._s.returns.find_sale
    assert len(find(done.receipt_no).coupon_ids) == 1
    picks = {ln.sale_line_id: 1 for ln in find(done.receipt_no).lines}
    before = counts(world)
    with pytest.raises(PosError) as caught:  # a cashier alone may not revive it
        till.returns.complete(done.receipt_no, picks, revive_coupon=True)
    assert caught.value.code == "revive_coupon_needs_manager"
    assert counts(world) == before
    till.returns.complete(done.receipt_no, picks)  # by default: the coupon stays redeemed
    assert rows(world, "SELECT count(*) FROM coupon_redemption") == [(1,)]
    approval = till.approve(Action.REVIVE_COUPON, "9001", "9999")
    back = till.returns.complete(done.receipt_no, picks, revive_coupon=True,
                                 revive_by=approval)
    assert rows(world, "SELECT count(*) FROM coupon_redemption") == [(0,)]
    (payload,) = rows(world, "SELECT payload FROM outbox_event WHERE type = 'coupon.revived'")
    event = json.loads(payload[0])
    assert (event["return_id"], event["manager_id"]) == (back.return_id, world.manager.id)
    assert rows(world, "SELECT staff_id FROM audit_log WHERE action = 'coupon_revived'") == [
        (world.manager.id,)]
    till.sale.scan(COLA, 4)  # usable again
    assert isinstance(till.sale.scan(code), AppliesCoupon)


def test_the_receipt_names_the_coupons_saving(gw, world):
    from devices.printer.layout import layout_receipt

    till = till_for(world)
    till.sale.scan(COLA, 4)
    till.sale.scan(coupon(gw))
    done = pay_cash(till)
    ops = layout_receipt(till._s.receipts.receipt_for(done.sale_id), 32)
    text = "\n".join(getattr(op, "text", "") for op in ops)
    # the line's and the total's, in the receipt's language (zh_CN); no "other discount"
    assert text.count("优惠券") == 2 and text.count("-\uffe55.00") == 2, text


def test_a_voided_or_parked_coupon_sale_writes_no_redemption(gw, world):
    till = till_for(world, world.manager)  # a manager voids without asking
    till.sale.scan(COLA, 4)
    code = coupon(gw)
    till.sale.scan(code)
    parked = till.held.park()  # parked: the coupon goes with the cart
    assert till.sale.coupon_ids() == []
    till.held.resume(parked.id)
    assert len(till.sale.coupon_ids()) == 1 and till.sale.totals().total == 900
    before = counts(world)
    till.held.void_sale()
    assert till.sale.coupon_ids() == []
    after = counts(world)
    assert (after["coupon_redemption"], after["sale"]) == (
        before["coupon_redemption"], before["sale"])
    till.sale.scan(COLA, 4)  # not redeemed: usable on the next sale
    assert isinstance(till.sale.scan(code), AppliesCoupon)


def test_a_bogo_coupon_takes_its_products_from_the_definitions_stream(gw, world):
    from sqlmodel import select

    from local_db.models import CouponDefinition, Product
    from pos_app.domain.coupons import campaign_ref

    with write_session(world.engine) as session:
        tea = session.exec(select(Product).where(Product.sku == "SKU-TEA")).one()
        session.add(CouponDefinition(
            id=str(uuid.uuid4()), campaign_id="camp-sale", campaign_ref=campaign_ref(
                "camp-sale"), kind="bogo", data=json.dumps({"product_ids": [tea.id]})))
    till = till_for(world)
    till.sale.scan(COLA, 2)
    applied = till.sale.scan(coupon(gw, kind="bogo", value=1, min_spend=0))
    assert isinstance(applied, AppliesCoupon)
    assert till.sale.cart.coupons[0].skus == ("SKU-TEA",)
    assert till.sale.totals().total == 700  # colas are not its products
    till.sale.scan("6920202888883", 2)  # two teas: one free
    assert till.sale.totals().total == 700 + 550
