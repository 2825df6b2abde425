"""Cash in / out with a reason, the no-sale drawer open (a manager's), and the X that
changes no row — on a real SQLite file through the till."""

from __future__ import annotations

import json

import pytest

from pos_app.domain.permissions import Action
from pos_app.domain.shifts import Count
from pos_app.errors import PosError
from pos_app.services.approvals import NeedsApproval
from pos_app.services.shifts import ShiftPolicy
from pos_app.services.shifts.service import CashMoveDone
from tests.services.shifts.shift_world import COLA, Ledger, dump, sell, till_as
from tests.services.unit_world import rows


def test_cash_in_and_out_are_written_with_their_event_and_audit_row(world):
    till = till_as(world)
    done = till.shifts.cash_move("in", 5000, "float_top_up", "morning change")
    out = till.shifts.cash_move("out", 12000, "bank_deposit")
    assert isinstance(done, CashMoveDone) and done.amount == 5000
    assert rows(world, "SELECT kind, amount, reason_code, note FROM cash_move ORDER BY kind") == [
        ("in", 5000, "float_top_up", "morning change"), ("out", 12000, "bank_deposit", "")]
    events = rows(world, "SELECT entity_id, payload FROM outbox_event WHERE type = 'cash.moved'")
    assert {e[0] for e in events} == {done.id, out.id}
    assert json.loads(events[0][1])["shift_id"] == world.shift.id
    assert rows(world, "SELECT count(*) FROM audit_log WHERE action = 'cash_moved'") == [(2,)]
    x = till.shifts.x_report()
    assert (x.cash_in, x.cash_out, x.expected_cash) == (5000, 12000, 20000 + 5000 - 12000)


@pytest.mark.parametrize(("kind", "amount", "reason", "note", "code"), [
    ("sideways", 100, "petty_cash", "", "cash_move_kind_invalid"),
    ("in", 0, "petty_cash", "", "cash_move_amount_invalid"),
    ("in", -5, "petty_cash", "", "cash_move_amount_invalid"),
    ("in", 1.5, "petty_cash", "", "cash_move_amount_invalid"),
    ("in", 100, "lunch", "", "cash_move_reason_invalid"),
    ("in", 100, "other", "  ", "cash_move_note_needed"),
    ("in", 100, "petty_cash", "x" * 201, "cash_move_note_invalid"),
    ("out", 20001, "bank_deposit", "", "cash_out_exceeds_drawer"),
])
def test_a_bad_cash_move_is_refused_and_writes_nothing(world, kind, amount, reason, note, code):
    till = till_as(world)
    before = dump(world)
    with pytest.raises(PosError) as info:
        till.shifts.cash_move(kind, amount, reason, note)
    assert info.value.code == code
    assert info.value.message() != code  # a sentence, not the code
    assert dump(world) == before


def test_a_no_sale_needs_a_manager_and_is_recorded_with_who_approved(world):
    till = till_as(world)
    asked = till.shifts.no_sale()
    assert isinstance(asked, NeedsApproval) and asked.action == Action.NO_SALE
    assert rows(world, "SELECT count(*) FROM cash_move") == [(0,)]
    done = till.shifts.no_sale(approved_by=till.approve(asked, "9001", "9999"))
    assert isinstance(done, CashMoveDone) and done.kind == "no_sale"
    assert rows(world, "SELECT staff_id, approved_by FROM cash_move") == [
        (world.cashier.id, world.manager.id)]
    (detail,) = rows(world, "SELECT detail FROM audit_log WHERE action = 'drawer_opened_no_sale'")
    assert json.loads(detail[0])["approved_by"] == world.manager.id
    assert rows(world, "SELECT count(*) FROM outbox_event WHERE type = 'drawer.no_sale'") == [(1,)]
    x = till.shifts.x_report()
    assert (x.no_sales, x.drawer_opens) == (1, 1)


def test_the_x_report_changes_no_row(world):
    till = till_as(world)
    sell(till, Ledger(), [COLA], [("cash", 1000)])
    till.shifts.cash_move("in", 300, "change_fund")
    manager = till_as(world, "manager")  # signing in is audited: before the dump
    before = dump(world)
    x = till.shifts.x_report()
    again = manager.shifts.x_report()
    assert dump(world) == before
    assert x.kind == "X" and x.z_no == 0 and x.sales_count == 1 and x.sales_total == 350
    assert (again.expected_cash, again.sales_total) == (x.expected_cash, x.sales_total)


def test_a_blind_count_hides_the_expected_figures_from_the_counter_until_the_count(world):
    till = till_as(world)
    till._s.shifts.policy_source = lambda: ShiftPolicy(tolerance=500, blind_count=True)
    sell(till, Ledger(), [COLA], [("cash", 350)])
    x = till.shifts.x_report()
    assert x.expected_hidden and x.expected_cash == 0
    manager = till_as(world, "manager")
    manager._s.shifts.policy_source = till._s.shifts.policy_source
    assert manager.shifts.x_report().expected_cash == 20350
    shown = till.shifts.check_count(Count(cash={10000: 2, 100: 3}))
    assert (shown.expected_cash, shown.counted_cash, shown.over_short) == (20350, 20300, -50)


def test_voids_and_parked_drops_of_the_shift_are_counted(world):
    till = till_as(world)
    manager = till_as(world, "manager")
    manager.sale.ring(COLA)
    manager.held.void_sale()
    manager.sale.ring(COLA)
    parked = manager.held.park()
    manager.held.drop(parked.id)
    x = till.shifts.x_report()
    assert (x.sales_voided, x.parked_dropped, x.lines_voided) == (1, 1, 0)


def test_the_z_counts_a_drawer_open_for_every_cash_sale_no_sale_and_cash_move(world):
    """18-B kicks the drawer after each cash in / out: the Z's drawer opens count them
    beside the cash sales and the no-sales (a card sale opens nothing)."""
    till = till_as(world)
    sell(till, Ledger(), [COLA], [("cash", 1000)])
    sell(till, Ledger(), [COLA], [("card", 350)])
    x = till.shifts.x_report()
    assert x.drawer_opens == 1
    till.shifts.cash_move("in", 5000, "float_top_up")
    till.shifts.cash_move("out", 2000, "bank_deposit")
    till.shifts.cash_move("out", 1000, "petty_cash")
    assert till.shifts.x_report().drawer_opens == 1 + 3
    till.shifts.no_sale(approved_by=till.approve(till.shifts.no_sale(), "9001", "9999"))
    z = till.shifts.check_count(Count())
    assert (z.drawer_opens, z.no_sales, sum(m.count for m in z.moves)) == (1 + 3 + 1, 1, 3)
