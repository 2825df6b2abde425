"""The Z at close: its sums match the shift's sales, returns and cash moves to the fen
(split tenders, points, coupon-priced lines, returns of an earlier shift's sales); Z
numbers have no gap; a second close is refused; the stored Z reprints identically; a
queue or a count over the tolerance needs a manager; an offline close drops nothing."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from local_db.models import CouponKey
from local_db.uow import write_session
from pos_app.domain.coupons import CouponPayload, generate_keypair, sign
from pos_app.domain.permissions import Action
from pos_app.domain.shifts import Count
from pos_app.errors import PosError
from pos_app.services.approvals import NeedsApproval
from pos_app.services.shifts import ClosedShift
from tests.services.shifts.shift_world import (
    BAG,
    COLA,
    PINS,
    TEA,
    Ledger,
    add_member,
    close_exactly,
    dump,
    exact_count,
    mark_synced,
    pair_offline,
    raw_sums,
    sell,
    till_as,
)
from tests.services.unit_world import rows


def _split(world, till, ledger):
    sell(till, ledger, [COLA, TEA], [("card", 500), ("cash", 1000)])  # 900: change 600
    sell(till, ledger, [BAG], [("wechat", 10000), ("alipay", None)])
    sell(till, ledger, [TEA, TEA], [("cash", None)])


def _points(world, till, ledger):
    till.sale.cart.attach_member(add_member(world, balance=10_000))
    sell(till, ledger, [BAG], [("points", 6000), ("cash", 7000)])  # 12900: change 100


def _coupon(world, till, ledger):
    private, public = generate_keypair()
    with write_session(world.engine) as session:
        session.merge(CouponKey(key_id=9, public_key=public.hex()))
    now = datetime.now(UTC)
    till.sale.ring(COLA)
    till.sale.ring(TEA)
    till.sale.scan(sign(CouponPayload.make(
        key_id=9, coupon_id=str(uuid.uuid4()), campaign_id="c", member_id=None,
        kind="amount_off", value=100, valid_from=now - timedelta(days=1),
        valid_until=now + timedelta(days=1)), private))
    done = sell(till, ledger, [], [("cash", 1000)])
    assert done.total == 800  # 900 less the ¥1 coupon


def _moves(world, till, ledger):
    sell(till, ledger, [COLA], [("cash", 500)])
    till.shifts.cash_move("in", 5000, "float_top_up")
    till.shifts.cash_move("out", 3000, "petty_cash", "milk")
    ledger.cash_in, ledger.cash_out = 5000, 3000


@pytest.mark.parametrize("steps", [_split, _points, _coupon, _moves])
def test_z_sums_match_the_shift_to_the_fen(world, steps):
    till = till_as(world)
    ledger = Ledger()
    steps(world, till, ledger)
    done = close_exactly(till)
    assert isinstance(done, ClosedShift)
    z = done.report
    assert (z.sales_count, z.sales_total) == (ledger.sales, ledger.sales_total)
    assert (z.returns_count, z.returns_total) == (ledger.returns, ledger.returns_total)
    by = {t.kind: t for t in z.tenders}
    for kind, amount in ledger.tendered.items():
        assert by[kind].sales == amount, kind
    assert z.expected_cash == ledger.expected_cash(20000) == z.counted_cash
    assert z.over_short == 0 and not z.over_tolerance
    assert sum(t.sales for t in z.tenders) == z.sales_total  # every fen is in one tender
    raw = raw_sums(world, done.shift_id)
    assert (raw["sales_total"], raw["cash"]) == (z.sales_total, by["cash"].sales)
    assert z.points_tendered == ledger.tendered["points"]
    if steps is _coupon:
        assert z.coupons_redeemed == 1
        assert [(d.kind, d.rule_id, d.sales, d.amount) for d in z.discounts] == [
            ("coupon", "", 1, 100)]  # coupons are one line, not one per coupon id


def test_a_return_of_an_earlier_shifts_sale_counts_in_the_shift_it_is_made_in(world):
    till = till_as(world)
    first = Ledger()
    sale = sell(till, first, [BAG], [("cash", 13000)])
    z1 = close_exactly(till).report
    till.open_shift(20000)
    second = Ledger()
    sell(till, second, [COLA], [("card", None)])
    line = till.returns.find_sale(sale.receipt_no).lines[0].sale_line_id
    second.returned(till.returns.complete(sale.receipt_no, {line: 1}))
    z2 = close_exactly(till).report
    assert (z1.sales_total, z1.returns_total) == (12900, 0)
    assert (z2.sales_count, z2.sales_total, z2.returns_count, z2.returns_total) == (
        1, 350, 1, 12900)
    assert z2.expected_cash == 20000 - 12900 == second.expected_cash(20000)
    assert z2.net_total == 350 - 12900
    assert z2.grand_total == z1.grand_total + z2.net_total == 12900 + 350 - 12900
    assert (z1.z_no, z2.z_no) == (1, 2)


def test_z_numbers_have_no_gap_even_when_a_close_fails(world):
    till = till_as(world)
    numbers = []
    for n in range(4):
        sell(till, Ledger(), [COLA], [("cash", 350)])
        if n == 1:  # a refused close (over the tolerance, no manager) takes no number
            refused = till.shifts.close(Count(cash={10: 1}))
            assert isinstance(refused, NeedsApproval)
        mark_synced(world)
        numbers.append(close_exactly(till).z_no)
        till.open_shift(20000)
    assert numbers == [1, 2, 3, 4]
    assert [r[0] for r in rows(world, "SELECT z_no FROM z_report ORDER BY z_no")] == numbers


def test_a_second_close_of_a_closed_shift_is_refused(world):
    till = till_as(world)
    shift = till.shift
    done = close_exactly(till)
    assert isinstance(done, ClosedShift)
    with pytest.raises(PosError) as info:
        till._s.shifts.close(till.staff, Count(), shift_id=shift.id)
    assert info.value.code == "shift_already_closed"
    with pytest.raises(PosError) as info:
        till.shifts.close(Count())
    assert info.value.code == "no_open_shift"
    assert rows(world, "SELECT count(*) FROM z_report") == [(1,)]


def test_the_stored_z_reprints_exactly_as_closed(world):
    till = till_as(world)
    sell(till, Ledger(), [COLA, BAG], [("card", None)])
    done = close_exactly(till)
    till.open_shift(0)
    sell(till, Ledger(), [TEA], [("cash", 550)])  # later rows change nothing of that Z
    assert till.shifts.z_report(done.z_no) == done.report
    assert till.shifts.z_report(done.shift_id) == done.report
    assert till.shifts.z_list()[0][:2] == (1, done.shift_id)
    with pytest.raises(PosError):
        till.shifts.z_report(99)


def test_a_close_over_the_tolerance_needs_a_manager(world):
    till = till_as(world)
    mark_synced(world)
    short = Count(cash={10000: 1, 5000: 1, 2000: 2, 500: 1})  # 19500 of 20000: -¥5 is fine
    preview = till.shifts.check_count(short)
    assert (preview.over_short, preview.over_tolerance) == (-500, False)
    shorter = Count(cash={10000: 1, 5000: 1, 2000: 2})  # -¥10
    asked = till.shifts.close(shorter)
    assert isinstance(asked, NeedsApproval) and asked.action == Action.CLOSE_SHIFT_OVER_TOLERANCE
    assert rows(world, "SELECT closed_at FROM shift") == [(None,)]
    done = till.shifts.close(shorter, approved_by=till.approve(asked, *PINS["manager"]))
    assert isinstance(done, ClosedShift) and done.report.over_short == -1000
    (detail,) = rows(world, "SELECT detail FROM audit_log WHERE action = 'shift_closed'")[0]
    assert json.loads(detail)["close_shift_over_tolerance"] == world.manager.id


def test_an_offline_close_with_200_queued_sales_keeps_every_event(world):
    pair_offline(world.path)
    till = till_as(world)
    for _ in range(200):
        sell(till, Ledger(), [COLA], [("cash", 350)])
    queued = rows(world, "SELECT count(*) FROM outbox_event WHERE status = 'pending'")[0][0]
    asked = till.shifts.close(exact_count(till.shifts.check_count(Count())))
    assert isinstance(asked, NeedsApproval) and asked.action == Action.CLOSE_SHIFT_WITH_QUEUE
    done = close_exactly(till)
    queued += 1  # the manager's approval of this close, queued for HQ (override.approved)
    assert done.report.queued_events == queued and done.report.sales_count == 200
    assert rows(world, "SELECT count(*) FROM outbox_event WHERE status = 'pending'") == [
        (queued + 1,)]  # every one still queued, the close behind them
    (payload,) = rows(world, "SELECT payload FROM outbox_event WHERE type = 'shift.closed'")[0]
    sent = json.loads(payload)["z"]
    assert (sent["z_no"], sent["sales_total"], sent["queued_events"]) == (1, 70000, queued)


def test_a_close_refused_for_want_of_a_manager_writes_nothing(world):
    pair_offline(world.path)
    till = till_as(world)
    sell(till, Ledger(), [COLA], [("cash", 350)])
    count = exact_count(till.shifts.check_count(Count()))  # audited: before the dump
    before = dump(world)
    asked = till.shifts.close(count)
    assert isinstance(asked, NeedsApproval)
    assert dump(world) == before


def test_the_z_carries_the_audit_chain_head_from_before_its_own_close_row(world):
    till = till_as(world)
    mark_synced(world)
    done = close_exactly(till)
    (last_seq,) = rows(world, "SELECT max(seq) FROM audit_log")[0]
    assert rows(world, "SELECT action FROM audit_log WHERE seq = ?", last_seq) == [
        ("shift_closed",)]
    assert rows(world, "SELECT hash FROM audit_log WHERE seq = ?", last_seq - 1) == [
        (done.report.audit_hash,)]
    assert done.report.audit_seq == last_seq - 1
    (payload,) = rows(world, "SELECT payload FROM outbox_event WHERE type = 'shift.closed'")[0]
    assert json.loads(payload)["z"]["audit_hash"] == done.report.audit_hash
