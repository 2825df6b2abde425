"""Points at the till: earned pending in the sale's transaction, redeemed as a tender,
reversed / given back on returns, and never spent twice across tills over one database."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from local_db.models import Member
from local_db.uow import write_session
from pos_app.domain.member_days import MemberDays
from pos_app.domain.tenders import Tender, TenderKind
from pos_app.errors import PosError
from pos_app.services.loyalty import LoyaltyService
from tests.services.unit_world import COLA, pay_cash, rows, till_for

BAG = "6937654321097"  # ¥129.00, not unit-tracked in the plain world
TEA = "6920202888883"  # ¥5.50


def add_member(world, balance: int = 0, tier: str = "regular") -> str:
    with write_session(world.engine) as session:
        member = Member(name="陈静", tier=tier, points_balance=balance, provisional=False)
        session.add(member)
        session.flush()
        return member.id


def member_till(world, member_id: str):
    till = till_for(world)
    till.cart.attach_member(member_id)
    return till


def entries(world, sale_id: str) -> list[tuple]:
    return rows(world, "SELECT delta, reason, status, return_id IS NOT NULL FROM points_entry"
                " WHERE sale_id=? ORDER BY reason", sale_id)


def payload(world, sale_id: str) -> dict:
    (raw,) = rows(world, "SELECT payload FROM outbox_event WHERE type='sale.completed'"
                  " AND entity_id=?", sale_id)[0]
    return json.loads(raw)


def test_a_members_sale_earns_pending_points_in_the_same_transaction(world):
    member = add_member(world, balance=40, tier="gold")
    till = member_till(world, member)
    till.sale.ring(BAG)
    done = pay_cash(till, extra=100)  # change never earns
    assert (done.member_id, done.points_earned, done.points_redeemed) == (member, 193, 0)
    assert rows(world, "SELECT member_id FROM sale WHERE id=?", done.sale_id) == [(member,)]
    assert entries(world, done.sale_id) == [(193, "sale_earn", "pending", 0)]
    sent = payload(world, done.sale_id)
    assert (sent["member_id"], sent["points_earned"], sent["points_redeemed"]) == (member, 193, 0)
    loyalty = LoyaltyService(world.engine)
    assert loyalty.balance(member) == 40 + 193
    assert loyalty.available_offline(member) == 40  # pending earnings wait for HQ
    assert till.cart.member_id is None  # the next customer starts anonymous


def test_member_day_multiplier_and_sales_without_member(world):
    member = add_member(world, tier="silver")
    till = member_till(world, member)
    till.sale.ring(COLA, 3)  # ¥10.50
    every_day_x2 = MemberDays(weekdays=(1, 2, 3, 4, 5, 6, 7), multiplier_permille=2000)
    world.checkout.pricing.member_days = lambda: every_day_x2  # the member-day rule, ×2
    done = world.checkout.complete_sale(till.cart, [Tender(TenderKind.CASH, 1050)],
                                        world.cashier, world.shift)
    assert done.points_earned == 25  # 10.5 × 1.2 × 2 = 25.2
    anonymous = till_for(world)
    anonymous.sale.ring(COLA)
    plain = pay_cash(anonymous)
    assert plain.points_earned == 0
    assert "member_id" not in payload(world, plain.sale_id)  # HQ's schema as it is today
    assert rows(world, "SELECT count(*) FROM points_entry WHERE sale_id=?", plain.sale_id) == [(0,)]


def test_paying_with_points_spends_them_and_earns_only_on_the_rest(world):
    member = add_member(world, balance=10_000)
    till = member_till(world, member)
    till.sale.ring(BAG)  # 12900
    offer = till.sale.points_offer()
    assert (offer.available, offer.cap_fen, offer.max_fen) == (10_000, 6450, 6450)
    done = till.sale.complete([Tender(TenderKind.POINTS, 6000), Tender(TenderKind.CARD, 6900)])
    assert (done.points_redeemed, done.points_earned) == (6000, 69)
    assert entries(world, done.sale_id) == [(69, "sale_earn", "pending", 0),
                                            (-6000, "sale_redeem", "pending", 0)]
    sent = payload(world, done.sale_id)
    assert {"kind": "points", "amount": 6000, "reference": "", "line_no": 1} in sent["tenders"]
    assert sent["points_redeemed"] == 6000
    loyalty = LoyaltyService(world.engine)
    assert loyalty.available_offline(member) == 4000
    assert loyalty.balance(member) == 4069
    assert loyalty.can_redeem(member, 4000) and not loyalty.can_redeem(member, 4001)


@pytest.mark.parametrize(("balance", "points", "code"), [
    (1000, 1001, "points_insufficient"),
    (100_000, 6451, "points_over_cap"),
])
def test_refused_redemptions_write_nothing(world, balance, points, code):
    member = add_member(world, balance=balance)
    till = member_till(world, member)
    till.sale.ring(BAG)
    with pytest.raises(PosError) as info:
        till.sale.complete([Tender(TenderKind.POINTS, points),
                            Tender(TenderKind.CASH, 12900 - points)])
    assert info.value.code == code
    if code == "points_insufficient":
        assert info.value.params["available"] == balance
    assert rows(world, "SELECT count(*) FROM sale") == [(0,)]
    assert rows(world, "SELECT count(*) FROM points_entry") == [(0,)]
    assert not till.cart.is_empty  # the sale is kept to be paid another way


def test_points_need_a_member(world):
    till = till_for(world)
    till.sale.ring(BAG)
    with pytest.raises(PosError) as info:
        till.sale.complete([Tender(TenderKind.POINTS, 100), Tender(TenderKind.CASH, 12800)])
    assert info.value.code == "points_need_member"
    assert till.sale.points_offer() is None


def test_two_tills_over_one_database_cannot_spend_the_same_points(world):
    """Offline, same store DB: the second spend is refused under the write lock.

    (Across separate terminal databases each till only knows its own pending spends; HQ
    sees both and flags the conflict: that is HQ's side.)
    """
    member = add_member(world, balance=1000)
    first, second = member_till(world, member), member_till(world, member)
    first.sale.ring(BAG)
    second.sale.ring(BAG)
    # Both screens offered the full balance before either sale was paid.
    assert first.sale.points_offer().available == second.sale.points_offer().available == 1000
    first.sale.complete([Tender(TenderKind.POINTS, 800), Tender(TenderKind.CASH, 12100)])
    with pytest.raises(PosError) as info:
        second.sale.complete([Tender(TenderKind.POINTS, 500), Tender(TenderKind.CASH, 12400)])
    assert info.value.code == "points_insufficient"
    assert info.value.params["available"] == 200
    loyalty = LoyaltyService(world.engine)
    assert loyalty.available_offline(member) == 200
    second.sale.complete([Tender(TenderKind.POINTS, 200), Tender(TenderKind.CASH, 12700)])
    assert loyalty.available_offline(member) == 0
    (spent,) = rows(world, "SELECT -SUM(delta) FROM points_entry WHERE delta < 0")[0]
    assert spent == 1000  # never more than the last known balance


def test_a_full_return_cancels_the_sales_points(world):
    member = add_member(world, balance=5000, tier="diamond")
    till = member_till(world, member)
    till.sale.ring(COLA, 3)  # 1050
    till.sale.ring(BAG)  # 12900 → 13950
    done = till.sale.complete([Tender(TenderKind.POINTS, 3001), Tender(TenderKind.CASH, 11000)])
    assert done.points_earned == (13950 - 3001) * 2 // 100
    sale = till.returns.find_sale(done.receipt_no)
    cola, bag = sale.lines
    first = till.returns.complete(done.receipt_no, {cola.sale_line_id: 1})
    second = till.returns.complete(done.receipt_no, {cola.sale_line_id: 2, bag.sale_line_id: 1})
    assert first.points_reversed + second.points_reversed == done.points_earned
    assert first.points_refunded + second.points_refunded == 3001
    assert rows(world, "SELECT SUM(delta) FROM points_entry WHERE sale_id=?",
                done.sale_id) == [(0,)]
    assert LoyaltyService(world.engine).balance(member) == 5000
    (raw,) = rows(world, "SELECT payload FROM outbox_event WHERE type='return.completed'"
                  " AND entity_id=?", second.return_id)[0]
    assert json.loads(raw)["points_refunded"] == second.points_refunded


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cola=st.integers(min_value=1, max_value=9), tea=st.integers(min_value=1, max_value=9),
       share=st.integers(min_value=0, max_value=500), tier=st.sampled_from(
           ["regular", "silver", "gold", "diamond"]),
       split=st.integers(min_value=0, max_value=9))
def test_property_full_return_brings_the_sales_pending_delta_to_zero(
    world, cola, tea, share, tier, split
):
    member = add_member(world, balance=10**6, tier=tier)
    till = member_till(world, member)
    till.sale.ring(COLA, cola)
    till.sale.ring(TEA, tea)
    total = till.sale.totals().total
    points = total * share // 1000
    tenders = [Tender(TenderKind.POINTS, points)] if points else []
    tenders.append(Tender(TenderKind.CASH, total - points))
    done = till.sale.complete(tenders)
    sale = till.returns.find_sale(done.receipt_no)
    a, b = sale.lines
    first = min(split, a.quantity)
    if first:
        till.returns.complete(done.receipt_no, {a.sale_line_id: first})
    rest = {b.sale_line_id: b.quantity}
    if a.quantity - first:
        rest[a.sale_line_id] = a.quantity - first
    till.returns.complete(done.receipt_no, rest)
    assert rows(world, "SELECT COALESCE(SUM(delta), 0) FROM points_entry WHERE sale_id=?",
                done.sale_id) == [(0,)]
    assert rows(world, "SELECT count(*) FROM points_entry WHERE member_id=? AND delta > 0"
                " AND reason='return_reverse'", member) == [(0,)]
