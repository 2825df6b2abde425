"""Push: accepted once, duplicates harmless, garbage refused per event and listed."""

from __future__ import annotations

import copy
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from hq import admin
from hq import models as m
from tests.hq.builders import sale_event, shift_opened_event
from tests.hq.server import HQServer


def _count(server: HQServer, table) -> int:  # type: ignore[no-untyped-def]
    with server.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def test_sale_accepted_then_duplicate_applied_once(hq_server: HQServer):
    device = hq_server.register()
    batch = {"events": [shift_opened_event(device.terminal_id),
                        sale_event(device.terminal_id)]}
    with hq_server.client(device) as c:
        first = c.post("/v1/events", json=batch, headers={"Idempotency-Key": "k1"})
        second = c.post("/v1/events", json=batch)
    assert first.status_code == 200, first.text
    assert [r["status"] for r in first.json()["results"]] == ["accepted", "accepted"]
    assert [r["status"] for r in second.json()["results"]] == ["duplicate", "duplicate"]
    assert _count(hq_server, m.Sale.__table__) == 1
    assert _count(hq_server, m.SaleLine.__table__) == 2
    assert _count(hq_server, m.Tender.__table__) == 1
    assert _count(hq_server, m.StockMove.__table__) == 2
    assert _count(hq_server, m.Shift.__table__) == 1
    with hq_server.engine.connect() as conn:
        sale = conn.execute(select(m.Sale.__table__)).one()
        moves = conn.execute(select(m.StockMove.__table__.c.quantity)).scalars().all()
    assert (sale.total, sale.paid, sale.change, sale.line_count) == (12700, 13000, 300, 2)
    assert sale.terminal_id == device.terminal_id and sale.store_id == device.store_id
    assert sorted(moves) == [-2, -1]


def test_concurrent_duplicate_batches_apply_once(hq_server: HQServer):
    device = hq_server.register()
    batch = {"events": [sale_event(device.terminal_id, receipt_no=f"R-{i}") for i in range(20)]}

    def send(_: int) -> list[str]:
        with hq_server.client(device) as c:
            r = c.post("/v1/events", json=batch)
            assert r.status_code == 200, r.text
            return [x["status"] for x in r.json()["results"]]

    with ThreadPoolExecutor(4) as pool:
        outcomes = list(pool.map(send, range(4)))
    for i in range(20):
        assert sorted(o[i] for o in outcomes) == ["accepted", "duplicate", "duplicate",
                                                   "duplicate"]
    assert _count(hq_server, m.Sale.__table__) == 20
    assert _count(hq_server, m.SaleLine.__table__) == 40
    assert _count(hq_server, m.Event.__table__) == 20


def _push(server: HQServer, device, events):  # type: ignore[no-untyped-def]
    with server.client(device) as c:
        r = c.post("/v1/events", json={"events": events})
    assert r.status_code == 200, r.text
    return r.json()["results"]


def test_garbage_is_rejected_per_event_and_listed(hq_server: HQServer):
    device = hq_server.register()
    other = hq_server.register(terminal_code="T02")
    good = sale_event(device.terminal_id, receipt_no="GOOD")
    wrong_terminal = sale_event(other.terminal_id, receipt_no="WRONG")
    negative = sale_event(device.terminal_id, receipt_no="NEG")
    negative["payload"]["lines"][0]["unit_price"] = -350
    not_adding_up = sale_event(device.terminal_id, receipt_no="SUM")
    not_adding_up["payload"]["total"] = 1
    float_money = sale_event(device.terminal_id, receipt_no="FLOAT")
    float_money["payload"]["paid"] = 130.0
    extra_field = sale_event(device.terminal_id, receipt_no="EXTRA")
    extra_field["payload"]["hack"] = True
    garbage = sale_event(device.terminal_id, receipt_no="JUNK")
    garbage["payload"] = {"hello": "world"}
    results = _push(hq_server, device, [wrong_terminal, negative, good, not_adding_up,
                                        float_money, extra_field, garbage])
    statuses = [r["status"] for r in results]
    assert statuses == ["rejected", "rejected", "accepted", "rejected", "rejected",
                        "rejected", "rejected"]
    assert "terminal" in results[0]["reason"]
    assert "unit_price" in results[1]["reason"]
    assert "total" in results[3]["reason"]
    assert all(r["reason"] for r in results if r["status"] == "rejected")
    assert _count(hq_server, m.Sale.__table__) == 1
    listed = admin.list_exceptions(hq_server.engine)
    assert {e["event_id"] for e in listed} == {
        e["event_id"] for e in (wrong_terminal, negative, not_adding_up, float_money,
                                extra_field, garbage)}
    assert all(e["kind"] == "rejected" and e["detail"] for e in listed)
    # The same rejected batch again: the verdict stays `rejected`, no second exception row.
    again = _push(hq_server, device, [negative])
    assert again[0]["status"] == "rejected" and again[0]["reason"] == results[1]["reason"]
    assert len(admin.list_exceptions(hq_server.engine)) == 6


def test_same_sale_under_a_new_event_id_is_a_duplicate_other_figures_a_conflict(
    hq_server: HQServer,
):
    """A sale re-sent from a backup by a device paired again carries new event ids: the
    very same sale is booked once (duplicate); the same sale id with other figures is a
    conflict for the manager."""
    device = hq_server.register()
    first = sale_event(device.terminal_id)
    replay = copy.deepcopy(first)
    replay["event_id"] = first["event_id"] + "-x"
    changed = copy.deepcopy(first)
    changed["event_id"] = first["event_id"] + "-y"
    changed["payload"]["receipt_no"] = changed["payload"]["receipt_no"][:-1] + "9"
    results = _push(hq_server, device, [first, replay, changed])
    assert [r["status"] for r in results] == ["accepted", "duplicate", "conflict"]
    assert _count(hq_server, m.Sale.__table__) == 1
    assert [e["kind"] for e in admin.list_exceptions(hq_server.engine)] == ["conflict"]


def test_unknown_type_and_malformed_body_are_422(hq_server: HQServer):
    device = hq_server.register()
    bad_type = sale_event(device.terminal_id)
    bad_type["type"] = "drop.tables"
    with hq_server.client(device) as c:
        for body in ({"events": [bad_type]}, {"events": []}, {"events": "x"}, {},
                     {"events": [{"event_id": "short"}]}):
            r = c.post("/v1/events", json=body)
            assert r.status_code == 422, body
            assert r.json()["detail"], body
        r = c.post("/v1/events", content=b"{not json", headers={"content-type":
                                                                "application/json"})
        assert r.status_code == 422
    assert _count(hq_server, m.Event.__table__) == 0


def test_shift_closed_and_audit_events(hq_server: HQServer):
    device = hq_server.register()
    opened = shift_opened_event(device.terminal_id, "shift-9")
    closed = {**shift_opened_event(device.terminal_id, "shift-9"), "type": "shift.closed",
              "payload": {"shift_id": "shift-9", "terminal_id": device.terminal_id,
                          "closed_by": "c1", "closed_at": "2025-01-01T18:00:00+00:00",
                          "counted_cash": 51000}}
    audit = {**shift_opened_event(device.terminal_id), "type": "audit", "entity_id": "a1",
             "payload": {"id": "a1", "at": "2025-01-01T18:00:00+00:00", "staff_id": "c1",
                         "action": "drawer_open", "entity_id": "", "detail": "{}",
                         "prev_hash": "0" * 64, "hash": "f" * 64}}
    close_again = {**closed, "event_id": closed["event_id"] + "-2"}
    results = _push(hq_server, device, [opened, closed, audit, close_again])
    assert [r["status"] for r in results] == ["accepted", "accepted", "accepted", "conflict"]
    with hq_server.engine.connect() as conn:
        shift = conn.execute(select(m.Shift.__table__)).one()
    assert shift.counted_cash == 51000 and shift.closed_by == "c1"


def test_values_a_database_cannot_store_are_refused_not_500(hq_server: HQServer):
    """NUL characters and numbers beyond BIGINT break PostgreSQL inserts: refuse them."""
    device = hq_server.register()
    huge_seq = sale_event(device.terminal_id, receipt_no="HUGE")
    huge_seq["seq"] = 2**63
    nul_id = sale_event(device.terminal_id, receipt_no="NUL1")
    nul_id["event_id"] = "abc\x00defgh"
    nul_payload = sale_event(device.terminal_id, receipt_no="NUL2")
    nul_payload["payload"]["lines"][0]["name"] = "co\x00la"
    big_money = sale_event(device.terminal_id, receipt_no="BIG")
    big_money["payload"]["paid"] = 10**30
    results = _push(hq_server, device, [huge_seq, nul_id, nul_payload, big_money])
    assert [r["status"] for r in results] == ["rejected"] * 4
    r = hq_server.client().post("/v1/devices/register",
                                json={"enrollment_code": "ABC\x00DEFGH", "device_name": "x"})
    assert r.status_code in (401, 422)
