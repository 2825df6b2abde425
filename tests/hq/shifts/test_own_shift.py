"""A shift's figures at HQ come from its own till only (review 5): a device of another store,
or another till of the same store, that names a shift's id in a cash move, a no-sale or a
close gets a conflict and changes nothing; a sale it books under that id stays out of the
shift's Z. Over HTTP with real devices."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from sqlalchemy import select, text

from hq import admin
from hq import models as hm
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


UNSEEN = "shift-opened-before-pairing"


def _unseen(device: Device, type_: str, **extra) -> dict:
    at = datetime.now(UTC).isoformat()
    if type_ == "shift.closed":
        p = {"shift_id": UNSEEN, "terminal_id": device.terminal_id, "closed_by": "c1",
             "closed_at": at, "counted_cash": 25000, **extra}
        return event(type_, UNSEEN, p)
    p = {"id": new_id(), "shift_id": UNSEEN, "terminal_id": device.terminal_id,
         "staff_id": "c1", "at": at, **extra}
    return event(type_, p["id"], p)


def _z(**figures) -> dict:
    return {"z_no": 1, "opening_float": 20000, "sales_count": 1, "sales_total": 10000,
            "returns_count": 0, "returns_total": 0, "cash_in": 5000, "cash_out": 0,
            "discount_total": 0, "no_sales": 1, "points_tendered": 0,
            "expected_cash": 25000, "over_short": 0,
            "tenders": [{"kind": "cash", "sales": 0, "refunds": 0, "expected": 25000,
                         "counted": 25000}],
            "grand_total": 10000, "queued_events": 0, "audit_seq": 0, "audit_hash": "",
            **figures}


def test_a_shift_hq_never_saw_opened_is_taken_from_its_own_till(hq_server: HQServer):
    """20-L1: a shift opened before the till was paired never sent `shift.opened`; its cash
    move, no-sale and close from the very terminal that names itself are accepted, HQ's shift
    row made from the facts (who, when) and no value (float 0: the till's float shows as a
    difference on HQ's Z, never taken). Another till still cannot touch it."""
    a = hq_server.register("S01", "T01")
    other = hq_server.register("S01", "T02")
    move = _unseen(a, "cash.moved", kind="in", amount=5000, reason_code="float_top_up",
                   note="")
    results = push(hq_server, a, move, _unseen(a, "drawer.no_sale", approved_by="m1"))
    assert [r["status"] for r in results] == ["accepted"] * 2, results
    with hq_server.engine.connect() as conn:
        (terminal_id, opened_by, opening_float), = conn.execute(text(
            "SELECT terminal_id, opened_by, opening_float FROM shift WHERE id = :id"),
            {"id": UNSEEN}).fetchall()
    # "c1" is no staff HQ knows in S01: the name is left blank, never stored unchecked
    assert (terminal_id, opened_by, opening_float) == (a.terminal_id, "", 0)
    # a payload naming another terminal than the device's identity is refused, and the
    # shift, now a's, is not another till's to move
    forged = _unseen(other, "cash.moved", kind="out", amount=100, reason_code="petty_cash",
                     note="")
    forged["payload"]["terminal_id"] = a.terminal_id
    intruders = push(hq_server, other, forged, _unseen(other, "drawer.no_sale",
                                                       approved_by="m1"))
    assert [r["status"] for r in intruders] == ["rejected", "conflict"], intruders
    assert "terminal_id" in intruders[0]["reason"]  # not this device's identity
    assert "shift_not_own" in intruders[1]["reason"]
    closed = push(hq_server, a, sale_event(a.terminal_id, receipt_no="S01-T01-000001",
                                           shift_id=UNSEEN),
                  _unseen(a, "shift.closed", z=_z(counts=3)))
    assert [r["status"] for r in closed] == ["accepted"] * 2, closed
    with hq_server.engine.connect() as conn:
        z = shift_z(conn, UNSEEN)
        (figures,), = conn.execute(text(
            "SELECT figures FROM z_report WHERE shift_id = :id"), {"id": UNSEEN}).fetchall()
    assert z is not None and z.closed_at is not None
    assert (z.hq.cash_in, z.hq.no_sales, z.hq.opening_float) == (5000, 1, 0)
    assert z.till is not None and z.till.opening_float == 20000  # as reported, not taken
    assert z.differences  # the float HQ never got shows
    assert '"counts":3' in figures.replace(" ", "")  # the Z's counts reach HQ (20-L1)


def test_a_late_shift_opened_fills_in_the_row_made_from_later_events(hq_server: HQServer):
    a = hq_server.register("S01", "T01")
    move = _unseen(a, "cash.moved", kind="in", amount=5000, reason_code="float_top_up",
                   note="")
    assert push(hq_server, a, move)[0]["status"] == "accepted"
    assert push(hq_server, a, shift_opened_event(a.terminal_id, UNSEEN))[0][
        "status"] == "accepted"
    with hq_server.engine.connect() as conn:
        assert conn.execute(text("SELECT opening_float FROM shift WHERE id = :id"),
                            {"id": UNSEEN}).fetchall() == [(20000,)]
    other = hq_server.register("S01", "T02")
    stolen = push(hq_server, other, shift_opened_event(other.terminal_id, UNSEEN))
    assert stolen[0]["status"] == "conflict" and "shift_not_own" in stolen[0]["reason"]


def _float(hq_server: HQServer, shift_id: str) -> tuple:
    with hq_server.engine.connect() as conn:
        return conn.execute(text("SELECT opening_float, opened_by FROM shift WHERE id = :id"),
                            {"id": shift_id}).one()


def _reopen(device: Device, shift_id: str, opening_float: int) -> dict:
    ev = shift_opened_event(device.terminal_id, shift_id)
    ev["payload"]["opening_float"] = opening_float
    return ev


def test_a_second_open_is_a_conflict_and_the_float_stays(hq_server: HQServer):
    """Review 20 #1: a shift HQ saw opened keeps its float: a second `shift.opened` for it,
    before or after the close, is `shift_already_opened` and moves nothing (a till could
    otherwise move HQ's expected cash after the fact, to hide a shortage)."""
    a = hq_server.register("S01", "T01")
    assert push(hq_server, a, shift_opened_event(a.terminal_id, SHIFT))[0][
        "status"] == "accepted"
    before = push(hq_server, a, _reopen(a, SHIFT, 999999))
    assert before[0]["status"] == "conflict", before
    assert "shift_already_opened" in before[0]["reason"]
    assert _float(hq_server, SHIFT)[0] == 20000
    assert push(hq_server, a, _close(a))[0]["status"] == "accepted"
    after = push(hq_server, a, _reopen(a, SHIFT, 999999))
    assert after[0]["status"] == "conflict" and "shift_already_opened" in after[0]["reason"]
    assert _float(hq_server, SHIFT)[0] == 20000


def test_the_row_hq_made_itself_is_filled_in_once_and_never_after_the_close(
        hq_server: HQServer):
    """The own_shift row (float unknown) takes one real open while the shift is open; a
    second open then is a conflict. Once closed, a late open fills nothing: HQ's Z keeps
    the float it had at the close."""
    a = hq_server.register("S01", "T01")
    admin.create_staff(hq_server.engine, "S01", "1001", "李娜", "cashier", "1111")
    with hq_server.engine.connect() as conn:
        cashier = conn.execute(select(hm.Staff.id).where(hm.Staff.code == "1001")).scalar_one()
    move = _unseen(a, "cash.moved", kind="in", amount=5000, reason_code="float_top_up",
                   note="", staff_id=cashier)
    assert push(hq_server, a, move)[0]["status"] == "accepted"
    assert _float(hq_server, UNSEEN) == (0, cashier)  # staff of the store: kept
    assert push(hq_server, a, _reopen(a, UNSEEN, 20000))[0]["status"] == "accepted"
    assert _float(hq_server, UNSEEN)[0] == 20000
    again = push(hq_server, a, _reopen(a, UNSEEN, 999999))
    assert again[0]["status"] == "conflict" and "shift_already_opened" in again[0]["reason"]
    assert _float(hq_server, UNSEEN)[0] == 20000

    closed_first = "shift-closed-before-its-open-came"
    p = {"shift_id": closed_first, "terminal_id": a.terminal_id, "closed_by": "c1",
         "closed_at": datetime.now(UTC).isoformat(), "counted_cash": 0}
    assert push(hq_server, a, event("shift.closed", closed_first, p))[0][
        "status"] == "accepted"
    late = push(hq_server, a, _reopen(a, closed_first, 999999))
    assert late[0]["status"] == "conflict" and "shift_already_opened" in late[0]["reason"]
    assert _float(hq_server, closed_first)[0] == 0
