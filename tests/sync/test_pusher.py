"""Pusher bookkeeping: order, batching, statuses, attempts, and nothing ever blocking."""

from __future__ import annotations

import json

from sqlalchemy import text

from pos_app.errors import PosError
from sync.pusher import batch_key, push_pending
from tests.sync.fakes import FakeHq
from tests.sync.helpers import outbox_rows, sell


def test_pushes_in_seq_order_in_batches_and_marks_sent(world):
    sell(world, 7)
    hq = FakeHq()
    result = push_pending(world.engine, hq, batch_size=3)
    rows = outbox_rows(world.engine)
    assert [len(ids) for ids, _ in hq.batches] == [3, 3, 2]  # shift.opened + 7 sales
    sent_order = [eid for ids, _ in hq.batches for eid in ids]
    assert sent_order == [r["id"] for r in rows]
    assert all(key == batch_key(ids) for ids, key in hq.batches)
    assert {r["status"] for r in rows} == {"accepted"}
    assert all(r["sent_at"] is not None for r in rows)
    assert result.accepted == 8 and result.error is None


def test_second_push_of_same_events_marks_duplicates(world):
    sell(world, 2)
    hq = FakeHq()
    push_pending(world.engine, hq)
    with world.engine.begin() as conn:  # pretend the answer was lost: rows still pending
        conn.execute(text("UPDATE outbox_event SET status='pending', sent_at=NULL"))
    result = push_pending(world.engine, hq)
    assert result.duplicate == 3 and result.accepted == 0
    assert {r["status"] for r in outbox_rows(world.engine)} == {"duplicate"}
    assert hq.batches[0][1] == hq.batches[1][1]  # same events, same Idempotency-Key


def test_rejected_and_conflict_are_final_and_do_not_block(world):
    sales = sell(world, 4)
    verdicts = {sales[1]: ("rejected", "names another terminal"), sales[2]: ("conflict", "x")}
    hq = FakeHq(lambda e: verdicts.get(e.entity_id, ("accepted", "")))
    result = push_pending(world.engine, hq)
    by_entity = {r["entity_id"]: r for r in outbox_rows(world.engine)}
    assert by_entity[sales[1]]["status"] == "rejected"
    assert by_entity[sales[1]]["last_error"] == "names another terminal"
    assert by_entity[sales[1]]["sent_at"] is None
    assert by_entity[sales[2]]["status"] == "conflict"
    assert by_entity[sales[3]]["status"] == "accepted"
    assert (result.accepted, result.rejected, result.conflict) == (3, 1, 1)
    assert push_pending(world.engine, hq).batches == 0  # never retried


def test_transport_error_counts_an_attempt_and_stops_the_round(world):
    sell(world, 5)
    hq = FakeHq()
    hq.fail_next = [PosError("hq_unreachable", detail="ReadTimeout")]
    result = push_pending(world.engine, hq, batch_size=2)
    assert result.error is not None and result.error.code == "hq_unreachable"
    rows = outbox_rows(world.engine)
    assert [r["attempts"] for r in rows] == [1, 1, 0, 0, 0, 0]
    assert "ReadTimeout" in rows[0]["last_error"]
    assert len(hq.batches) == 1  # stopped: backoff is the worker's job
    assert {r["status"] for r in rows} == {"pending"}
    again = push_pending(world.engine, hq, batch_size=2)
    assert again.error is None and again.accepted == 6


def test_poison_event_in_a_refused_batch_is_isolated(world):
    sales = sell(world, 6)
    poison = sales[3]
    hq = FakeHq()
    hq.refuse_if = lambda batch: any(e.entity_id == poison for e in batch)
    result = push_pending(world.engine, hq)
    statuses = {r["entity_id"]: r["status"] for r in outbox_rows(world.engine)}
    assert statuses.pop(poison) == "rejected"
    assert set(statuses.values()) == {"accepted"}
    assert result.rejected == 1 and result.accepted == 6


def test_404_does_not_reject_anything(world):
    sell(world, 2)
    hq = FakeHq()
    hq.fail_next = [PosError("hq_refused", status=404, detail="not found")]
    result = push_pending(world.engine, hq)
    assert result.error is not None
    assert {r["status"] for r in outbox_rows(world.engine)} == {"pending"}


def test_unsendable_row_is_rejected_locally(world):
    sell(world, 2)
    with world.engine.begin() as conn:
        conn.execute(text("UPDATE outbox_event SET type='mystery' WHERE seq=2"))
    result = push_pending(world.engine, FakeHq())
    rows = outbox_rows(world.engine)
    assert rows[1]["status"] == "rejected" and "not sendable" in rows[1]["last_error"]
    assert result.accepted == 2


def test_payload_goes_on_the_wire_as_written(world):
    (sale_id,) = sell(world, 1)
    hq = FakeHq()
    push_pending(world.engine, hq)
    sent = next(e for e in hq.received.values() if e.entity_id == sale_id)
    with world.engine.connect() as conn:
        stored = conn.execute(text("SELECT payload FROM outbox_event WHERE entity_id=:i"),
                              {"i": sale_id}).scalar_one()
    assert sent.payload == json.loads(stored) and sent.type == "sale.completed"


def test_a_batch_is_cut_before_it_writes_too_many_rows_at_hq(world, monkeypatch):
    """Batches of up to BATCH events stop earlier at BATCH_ROWS rows (HQ answers 413 past its
    own bound): every batch but a lone event stays within it, and nothing is skipped."""
    import sync.pusher as pusher

    sell(world, 6)
    monkeypatch.setattr(pusher, "BATCH_ROWS", 7)
    hq = FakeHq()
    result = push_pending(world.engine, hq)
    rows = outbox_rows(world.engine)
    with world.engine.connect() as conn:
        weights = {eid: pusher.rows_of(json.loads(payload)) for eid, payload in conn.execute(
            text("SELECT id, payload FROM outbox_event"))}
    assert len(hq.batches) > 1
    for ids, _key in hq.batches:
        assert len(ids) == 1 or sum(weights[i] for i in ids) <= 7
    assert [eid for ids, _ in hq.batches for eid in ids] == [r["id"] for r in rows]
    assert result.accepted == 7 and {r["status"] for r in rows} == {"accepted"}
