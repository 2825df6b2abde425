"""A shift's figures at HQ come from its own till only (review 5): a device of another store,
or another till of the same store, that names a shift's id in a cash move, a no-sale or a
close gets a conflict and changes nothing; a sale it books under that id stays out of the
shift's Z. Over HTTP with real devices."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from hq.shifts import shift_z
from tests.hq.builders import event, new_id, push, sale_event, shift_opened_event
from tests.hq.server import Device, HQServer

SHIFT = "shift-of-a"


def _move(device: Device, kind: str = "in") -> dict:
    p = {"id": new_id(), "shift_id": SHIFT, "terminal_id": device.terminal_id,
         "staff_id": "c1", "kind": kind, "amount": 5000, "reason_code": "float_top_up",
         "note": "", "at": datetime.now(UTC).isoformat()}
    return event("cash.moved", p["id"], p)


def _no_sale(device: Device) -> dict:
    p = {"id": new_id(), "shift_id": SHIFT, "terminal_id": device.terminal_id,
         "staff_id": "c1", "approved_by": "m1", "at": datetime.now(UTC).isoformat()}
    return event("drawer.no_sale", p["id"], p)


def _close(device: Device) -> dict:
    p = {"shift_id": SHIFT, "terminal_id": device.terminal_id, "closed_by": "c1",
         "closed_at": datetime.now(UTC).isoformat(), "counted_cash": 0}
    return event("shift.closed", SHIFT, p)


def test_only_the_shifts_own_till_moves_its_figures(hq_server: HQServer):
    a = hq_server.register("S01", "T01")
    same_store = hq_server.register("S01", "T02")
    other_store = hq_server.register("S02", "T01")
    own = push(hq_server, a, shift_opened_event(a.terminal_id, SHIFT),
               sale_event(a.terminal_id, receipt_no="S01-T01-000001", shift_id=SHIFT),
               _move(a), _no_sale(a))
    assert [r["status"] for r in own] == ["accepted"] * 4
    with hq_server.engine.connect() as conn:
        before = shift_z(conn, SHIFT)
    assert before is not None
    for intruder in (same_store, other_store):
        results = push(hq_server, intruder, _move(intruder, "out"), _no_sale(intruder),
                       _close(intruder))
        assert [r["status"] for r in results] == ["conflict"] * 3, results
        assert all("shift_not_own" in r["reason"] for r in results), results
        booked = push(hq_server, intruder, sale_event(
            intruder.terminal_id, receipt_no="X-000001", shift_id=SHIFT))
        assert booked[0]["status"] == "accepted"
    with hq_server.engine.connect() as conn:
        after = shift_z(conn, SHIFT)
    assert after is not None and after.closed_at is None
    assert replace(after.hq, at="") == replace(before.hq, at="")  # 'at': the view's now
    assert (after.hq.sales_count, after.hq.cash_in, after.hq.cash_out,
            after.hq.no_sales) == (1, 5000, 0, 1)
    assert push(hq_server, a, _close(a))[0]["status"] == "accepted"
