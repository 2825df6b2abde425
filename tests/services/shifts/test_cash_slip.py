"""The slip of a cash move, built from its committed row through the till (real SQLite
file): a number the till counts up, who did it and who approved, the local time, and the
drawer's expected cash after it, left off under a blind count."""

from __future__ import annotations

from pos_app.services.shifts import ShiftPolicy
from tests.services.shifts.shift_world import till_as


def test_each_move_gets_the_next_slip_number_and_the_drawer_after_it(world):
    till = till_as(world)
    first = till.shifts.cash_slip(till.shifts.cash_move("in", 5000, "float_top_up", "早班").id)
    second = till.shifts.cash_slip(till.shifts.cash_move("out", 12000, "bank_deposit").id)
    assert first.slip_no.endswith("-C000001") and second.slip_no.endswith("-C000002")
    assert (first.kind, first.amount, first.note, first.drawer_after) == (
        "in", 5000, "早班", 20000 + 5000)
    assert (second.kind, second.reason_code, second.drawer_after) == (
        "out", "bank_deposit", 20000 + 5000 - 12000)
    assert first.staff_name and not first.approver_name
    local = first.at.astimezone()  # local time, as the receipt shows it
    assert first.at.tzinfo is not None and first.at.utcoffset() == local.utcoffset()
    # built again (F9 after a refused print), the number stays
    assert till.shifts.cash_slip(first.move_id).slip_no == first.slip_no


def test_a_no_sale_slip_names_the_manager_who_approved(world):
    cashier = till_as(world)
    asked = cashier.shifts.no_sale()
    done = cashier.shifts.no_sale(approved_by=cashier.approve(asked, "9001", "9999"))
    slip = cashier.shifts.cash_slip(done.id)
    assert (slip.kind, slip.amount) == ("no_sale", 0)
    assert slip.approver_name and slip.approver_name != slip.staff_name


def test_a_blind_count_leaves_the_drawer_figure_off_the_slip(world):
    till = till_as(world)
    till._s.shifts.policy_source = lambda: ShiftPolicy(blind_count=True)
    slip = till.shifts.cash_slip(till.shifts.cash_move("in", 100, "change_fund").id)
    assert slip.drawer_after is None
