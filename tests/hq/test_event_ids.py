"""Event ids are each device's own, and a retry must repeat the first delivery exactly
(Stripe's idempotency rule). Runs on SQLite and PostgreSQL, on both push paths (a batch in
bulk, and one event at a time)."""

from __future__ import annotations

import copy

from sqlalchemy import func, select

from hq import models as m
from tests.hq.builders import sale_event
from tests.hq.server import HQServer

DIFFERS = "conflict: payload differs from first delivery"


def _push(hq: HQServer, device, *events) -> list[dict]:  # type: ignore[no-untyped-def]
    with hq.client(device) as c:
        r = c.post("/v1/events", json={"events": list(events)})
    assert r.status_code == 200, r.text
    return r.json()["results"]


def _count(hq: HQServer, table) -> int:  # type: ignore[no-untyped-def]
    with hq.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def test_a_changed_replay_is_a_conflict_listed_for_the_manager(hq_server: HQServer):
    a = hq_server.register("S01", "T01")
    sale = sale_event(a.terminal_id)
    assert _push(hq_server, a, sale)[0]["status"] == "accepted"
    forged = copy.deepcopy(sale)
    forged["payload"]["cashier_id"] = "someone-else"
    for batch in ([forged], [forged, sale_event(a.terminal_id, receipt_no="S01-T01-000002")]):
        res = _push(hq_server, a, *batch)[0]  # one event alone and inside a batch
        assert (res["status"], res["reason"]) == ("conflict", DIFFERS)
    assert _push(hq_server, a, sale)[0]["status"] == "duplicate"  # the true retry is fine
    with hq_server.engine.connect() as conn:
        cashier = conn.execute(select(m.Sale.cashier_id).where(m.Sale.id == sale["entity_id"])
                               ).scalar_one()
        listed = conn.execute(select(m.SyncException.detail).where(
            m.SyncException.event_id == sale["event_id"])).scalars().all()
    assert cashier == "c1" and listed == [DIFFERS, DIFFERS]


def test_a_changed_repeat_inside_one_batch_is_a_conflict(hq_server: HQServer):
    a = hq_server.register("S01", "T01")
    sale = sale_event(a.terminal_id)
    twin = copy.deepcopy(sale)
    twin["payload"]["guide_id"] = None
    res = _push(hq_server, a, sale, twin, copy.deepcopy(sale))
    assert [r["status"] for r in res] == ["accepted", "conflict", "duplicate"]
    assert _count(hq_server, m.Sale.__table__) == 1


def test_event_ids_are_scoped_per_device(hq_server: HQServer):
    a, b = hq_server.register("S01", "T01"), hq_server.register("S02", "T01")
    sale_a = sale_event(a.terminal_id)
    sale_b = sale_event(b.terminal_id, receipt_no="S02-T01-000001")
    sale_b["event_id"] = sale_a["event_id"]  # B happens to (or means to) reuse A's id
    assert _push(hq_server, a, sale_a)[0]["status"] == "accepted"
    assert _push(hq_server, b, sale_b)[0]["status"] == "accepted"  # B's own sale, applied
    assert _push(hq_server, b, sale_b)[0]["status"] == "duplicate"
    with hq_server.engine.connect() as conn:
        stores = conn.execute(select(m.Sale.store_id).order_by(m.Sale.store_id)).scalars().all()
    assert sorted(stores) == sorted([a.store_id, b.store_id])
