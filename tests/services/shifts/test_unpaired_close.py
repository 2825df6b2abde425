"""A stand-alone (unpaired) till's queue never drains: its events are kept on the till, not
stuck waiting for an HQ there is none of, so its close asks no manager for them and its X
and Z say "kept on this till (not paired)". A paired till keeps the rule (tester 20 #3)."""

from __future__ import annotations

from pos_app.domain.permissions import Action
from pos_app.domain.shifts import Count
from pos_app.domain.shifts.slip import shift_slip_rows
from pos_app.services.approvals import NeedsApproval
from pos_app.services.shifts import ClosedShift
from tests.services.shifts.shift_world import (
    COLA,
    Ledger,
    exact_count,
    pair_offline,
    sell,
    till_as,
)


def _labels(report) -> list[str]:
    return [row.label for row in shift_slip_rows(report, "en")]


def test_an_unpaired_till_closes_with_its_queue_and_no_manager(world):
    till = till_as(world)
    sell(till, Ledger(), [COLA], [("cash", 350)])
    x = till.shifts.x_report()
    assert x.queued_events > 0 and not x.paired
    assert "Events kept on this till (not paired)" in _labels(x)
    assert "Events waiting for HQ" not in _labels(x)
    count = exact_count(till.shifts.check_count(Count()))
    assert till.shifts.close_needs(count) == []
    done = till.shifts.close(count)  # no manager: the events are kept, not stuck
    assert isinstance(done, ClosedShift) and done.report.queued_events > 0
    assert "Events kept on this till (not paired)" in _labels(done.report)


def test_a_paired_till_still_needs_a_manager_for_its_queue(world):
    pair_offline(world.path)
    till = till_as(world)
    sell(till, Ledger(), [COLA], [("cash", 350)])
    x = till.shifts.x_report()
    assert x.paired and "Events waiting for HQ" in _labels(x)
    count = exact_count(till.shifts.check_count(Count()))
    assert [a.action for a in till.shifts.close_needs(count)] == [
        Action.CLOSE_SHIFT_WITH_QUEUE]
    assert isinstance(till.shifts.close(count), NeedsApproval)
