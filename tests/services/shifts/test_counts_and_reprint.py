"""20-L1: each checked count is audited and the Z says how many there were (so a blind count
cancelled after its check and counted again until it matched shows, on the slip and at HQ);
a Z reprint is audited and marked a copy. Through the real till services on a real file."""

from __future__ import annotations

import json
from dataclasses import replace

from pos_app.domain.shifts import Count
from pos_app.domain.shifts.slip import shift_slip_rows
from pos_app.services.shifts import ClosedShift
from tests.services.shifts.shift_world import (
    COLA,
    Ledger,
    close_exactly,
    mark_synced,
    pair_offline,
    sell,
    till_as,
)
from tests.services.unit_world import rows


def _pairs(report) -> set[tuple[str, str]]:
    return {(r.label.strip(), r.value) for r in shift_slip_rows(report, "en")}


def test_each_checked_count_is_audited_and_the_z_says_how_many(world):
    till = till_as(world)
    sell(till, Ledger(), [COLA], [("cash", 350)])
    mark_synced(world)
    short = Count(cash={10000: 2})  # ¥3.50 short: checked, seen, cancelled
    first = till.shifts.check_count(short)
    assert first.over_short == -350
    exact = Count(cash={10000: 2, 100: 3, 50: 1})  # ¥203.50: the float and the cola
    till.shifts.check_count(exact)  # counted again until it matched
    done = till.shifts.close(exact)
    assert isinstance(done, ClosedShift) and done.report.counts == 2
    assert till.shifts.z_report(done.z_no).counts == 2  # stored, so a reprint says it
    assert ("Counts", "2") in _pairs(done.report)
    checked = rows(world, "SELECT staff_id, detail FROM audit_log WHERE action = "
                   "'shift_count_checked' AND entity_id = ? ORDER BY seq", done.shift_id)
    assert [json.loads(d)["attempt"] for _s, d in checked] == [1, 2]
    assert {s for s, _d in checked} == {till.staff.id}
    (payload,) = rows(world, "SELECT payload FROM outbox_event WHERE type = 'shift.closed'")
    assert json.loads(payload[0])["z"]["counts"] == 2  # HQ sees it
    closed = rows(world, "SELECT detail FROM audit_log WHERE action = 'shift_closed'")
    assert json.loads(closed[0][0])["counts"] == 2


def test_a_close_without_a_checked_count_is_one_count(world):
    till = till_as(world)
    sell(till, Ledger(), [COLA], [("cash", 350)])
    done = close_exactly(till)
    assert done.report.counts == 1


def test_a_z_reprint_is_marked_a_copy_and_audited(world):
    till = till_as(world)
    sell(till, Ledger(), [COLA], [("cash", 350)])
    done = close_exactly(till)
    assert not any("COPY" in label for label, _v in _pairs(done.report))
    manager = till_as(world, "manager")
    again = manager.shifts.reprint_z(done.z_no)
    assert again.copy and replace(again, copy=False) == done.report
    assert shift_slip_rows(again, "en")[1].label == "*** COPY ***"
    assert till.shifts.z_report(done.z_no) == done.report  # the stored Z is untouched
    audited = rows(world, "SELECT staff_id, entity_id, detail FROM audit_log "
                   "WHERE action = 'z_reprinted'")
    assert [(s, e, json.loads(d)["z_no"]) for s, e, d in audited] == [
        (manager.staff.id, done.shift_id, done.z_no)]


def test_a_close_with_a_queue_over_the_tolerance_names_both_asks_at_once(world):
    """20-L1: the screen asks a manager once for both; each approval keeps its own row."""
    pair_offline(world.path)  # a paired till's queue waits for HQ
    till = till_as(world)
    sell(till, Ledger(), [COLA], [("cash", 350)])  # queued for HQ
    short = Count(cash={10000: 1})  # ¥103.50 short of ¥203.50
    asks = till.shifts.close_needs(short)
    assert [str(a.action) for a in asks] == ["close_shift_with_queue",
                                             "close_shift_over_tolerance"]
    approvals = [till.approve(asked, "9001", "9999") for asked in asks]
    done = till.shifts.close(short, approvals)
    assert isinstance(done, ClosedShift)
    assert rows(world, "SELECT count(*) FROM audit_log WHERE action = 'approval'") == [(2,)]
