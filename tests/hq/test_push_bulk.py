"""The bulk push path gives the same verdicts and stores the same rows as the per-event path.

Each test runs a batch full of awkward cases through `hq.apply_bulk.push_bulk` on one fresh
database and through the per-event path (`hq.apply.push_each`) on another, both on SQLite and
on PostgreSQL, then compares every per-event result and every table (timestamps and
autoincrement ids aside).
"""

from __future__ import annotations

import copy
import os
import uuid
from typing import Any

import pytest
from sqlalchemy import Engine, insert, select
from sqlalchemy.exc import IntegrityError

from hq import apply
from hq import models as m
from hq.apply_bulk import push_bulk
from hq.auth import DeviceInfo
from hq.db import open_database, writer
from sync.contract.envelope import EventIn
from tests.hq.builders import sale_event, shift_opened_event

DEVICE = DeviceInfo(id="dev-1", terminal_id="term-1", store_id="store-1")
SKIP = {"id", "received_at", "created_at"}  # per-row clocks and autoincrement numbers


@pytest.fixture
def two_urls(hq_db_url: str, request: pytest.FixtureRequest, tmp_path) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    if hq_db_url.startswith("sqlite"):
        return hq_db_url, f"sqlite:///{tmp_path / 'reference.db'}"
    cluster = request.getfixturevalue("pg_cluster_session")
    return hq_db_url, cluster.create_database(f"hq_ref_{os.getpid()}_{uuid.uuid4().hex[:12]}")


def _world(url: str) -> Engine:
    engine = open_database(url)
    now = m.utcnow()
    with engine.begin() as conn:
        conn.execute(insert(m.Store.__table__), {"id": "store-1", "code": "S01", "name": "S",
                                                 "address": "", "created_at": now})
        conn.execute(insert(m.Terminal.__table__), [
            {"id": f"term-{n}", "store_id": "store-1", "code": f"T0{n}", "name": ""}
            for n in (1, 2)])
        conn.execute(insert(m.Device.__table__), {
            "id": "dev-1", "terminal_id": "term-1", "name": "", "token_hash": "x" * 64,
            "created_at": now, "revoked": False, "revoked_at": None})
    return engine


def _each(engine: Engine, events: list[EventIn]) -> list[tuple[str, str, str]]:
    with writer(engine).begin() as conn:
        return [(r.event_id, r.status, r.reason) for r in apply.push_each(conn, DEVICE, events)]


def _bulk(engine: Engine, events: list[EventIn]) -> list[tuple[str, str, str]]:
    with writer(engine).begin() as conn:
        return [(r.event_id, r.status, r.reason) for r in push_bulk(conn, DEVICE, events)]


def _snapshot(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    out = {}
    with engine.connect() as conn:
        for model in (m.Event, m.SyncException, m.Sale, m.SaleLine, m.Tender, m.StockMove,
                      m.Shift, m.Audit):
            table = model.__table__
            cols = [c for c in table.c if c.name not in SKIP]
            order = [table.c.id] if model in (m.Event, m.SyncException) else cols
            out[table.name] = [tuple(r) for r in conn.execute(select(*cols).order_by(*order))]
    return out


def _ev(raw: dict[str, Any], **changes: Any) -> dict[str, Any]:
    ev = copy.deepcopy(raw)
    for key, value in changes.items():
        if key in ("event_id", "seq"):
            ev[key] = value
        else:
            ev["payload"][key] = value
    return ev


def _history_and_batch() -> tuple[list[EventIn], list[EventIn]]:
    t = "term-1"
    old_ok = sale_event(t, receipt_no="R-OLD")
    old_bad = _ev(sale_event(t, receipt_no="R-BAD"), total=1)
    old_clash = _ev(old_ok, event_id=old_ok["event_id"] + "-c")  # same sale, new event id
    history = [old_ok, old_bad, old_clash]

    s1, s2 = sale_event(t, receipt_no="R-1"), sale_event(t, receipt_no="R-2")
    same_sale_as_old = _ev(old_ok, event_id=old_ok["event_id"] + "-x", receipt_no="R-3")
    same_receipt_as_s2 = sale_event(t, receipt_no="R-2")
    shares_line = sale_event(t, receipt_no="R-4")
    shares_line["payload"]["lines"][1]["id"] = s1["payload"]["lines"][0]["id"]
    old_receipt = sale_event(t, receipt_no="R-OLD")  # clashes with HQ: conflict …
    retry_fresh = _ev(old_receipt, event_id=old_receipt["event_id"] + "-r", receipt_no="R-5")
    bad = _ev(sale_event(t, receipt_no="R-6"), paid=10**30)
    huge_seq = _ev(sale_event(t, receipt_no="R-7"), seq=2**63)
    nul_id = _ev(sale_event(t, receipt_no="R-8"), event_id="abc\x00defgh")
    opened = shift_opened_event(t, "sh-1")
    closed = {**shift_opened_event(t, "sh-1"), "type": "shift.closed",
              "payload": {"shift_id": "sh-1", "terminal_id": t, "closed_by": "c1",
                          "closed_at": "2025-01-01T18:00:00+00:00", "counted_cash": 5}}
    closed_again = {**closed, "event_id": closed["event_id"] + "-2"}
    audit = {**shift_opened_event(t), "type": "audit", "entity_id": "a1",
             "payload": {"id": "a1", "at": "2025-01-01T18:00:00+00:00", "action": "x"}}
    other_terminal = sale_event("term-2", receipt_no="R-9")
    batch = [s1, old_ok, old_bad, old_clash, closed, s2, s1, same_sale_as_old,
             same_receipt_as_s2, shares_line, old_receipt, retry_fresh, old_receipt, bad, bad,
             huge_seq, nul_id, opened, closed_again, audit, other_terminal,
             sale_event(t, receipt_no="R-10")]
    return ([EventIn.model_validate(e) for e in history],
            [EventIn.model_validate(e) for e in batch])


def test_bulk_matches_per_event_path(two_urls: tuple[str, str]):
    history, batch = _history_and_batch()
    bulk, ref = _world(two_urls[0]), _world(two_urls[1])
    try:
        assert _bulk(bulk, history) == _each(ref, history)
        got, want = _bulk(bulk, batch), _each(ref, batch)
        assert got == want
        statuses = {s for _, s, _ in got}
        assert statuses == {"accepted", "duplicate", "conflict", "rejected"}
        assert _snapshot(bulk) == _snapshot(ref)
        assert _bulk(bulk, batch) == _each(ref, batch)  # the whole batch retried
        assert _snapshot(bulk) == _snapshot(ref)
    finally:
        bulk.dispose()
        ref.dispose()


def test_bulk_failure_replays_the_batch_event_by_event(two_urls, monkeypatch):  # type: ignore[no-untyped-def]
    """A database error in the bulk path (e.g. a concurrent batch committed the same event_id
    first) rolls the bulk work back and the per-event path answers the whole batch."""
    history, batch = _history_and_batch()
    bulk, ref = _world(two_urls[0]), _world(two_urls[1])
    calls = []

    def failing_bulk(conn, device, events):  # type: ignore[no-untyped-def]
        calls.append(push_bulk(conn, device, events))  # writes everything, then …
        raise IntegrityError("INSERT", {}, Exception("simulated race"))

    try:
        _each(bulk, history)
        _each(ref, history)
        monkeypatch.setattr(apply, "push_bulk", failing_bulk)
        got = [(r.event_id, r.status, r.reason) for r in apply.push(bulk, DEVICE, batch)]
        assert len(calls) == 1
        assert got == _each(ref, batch)
        assert _snapshot(bulk) == _snapshot(ref)
    finally:
        bulk.dispose()
        ref.dispose()
