"""Changes are announced after a commit, never after a rollback; a sale wakes sync."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlmodel import select

from local_db.models import OutboxEvent
from local_db.uow import note_change, write_session
from pos_app.domain.cart import Cart
from pos_app.domain.tenders import Tender, TenderKind
from pos_app.services.changes import ChangeBus
from pos_app.services.sync_service import SyncService


def _heard(world, kinds=None) -> list[frozenset[str]]:
    heard: list[frozenset[str]] = []
    ChangeBus(world.engine).subscribe(kinds, heard.append)
    return heard


def _sell(world) -> None:
    cart = Cart()
    world.scanner.ring(cart, "6901234567892")
    world.checkout.complete_sale(cart, [Tender(TenderKind.CASH, 500)], world.cashier, world.shift)


def test_a_completed_sale_announces_sales_and_outbox_once_after_its_commit(world):
    heard = _heard(world)
    _sell(world)
    assert len(heard) == 1
    assert {"sales", "outbox"} <= heard[0]


def test_a_listener_sees_the_committed_rows(world):
    seen: list[int] = []

    def count_sales(_changes) -> None:
        with world.engine.connect() as conn:  # another connection: only committed rows show
            seen.append(conn.execute(text("SELECT count(*) FROM sale")).scalar())

    ChangeBus(world.engine).subscribe({"sales"}, count_sales)
    _sell(world)
    assert seen == [1]


def test_a_rolled_back_transaction_announces_nothing(world):
    heard = _heard(world)
    with pytest.raises(RuntimeError), write_session(world.engine) as session:
        session.execute(text("UPDATE product SET stock_qty = 1"))
        note_change(session, "catalog")
        raise RuntimeError("the cashier's action failed half-way")
    assert heard == []


def test_a_service_can_add_a_notice_no_table_shows(world):
    heard = _heard(world, {"catalog"})
    with write_session(world.engine) as session:
        session.execute(text("UPDATE product SET stock_qty = 7"))  # plain SQL: no table noticed
        note_change(session, "catalog")
    assert heard == [frozenset({"catalog"})]


def test_listeners_hear_only_the_kinds_they_asked_for(world):
    parked = _heard(world, {"parked"})
    _sell(world)
    assert parked == []


def test_marking_outbox_events_sent_does_not_announce_the_outbox(world):
    _sell(world)
    heard = _heard(world)
    with write_session(world.engine) as session:
        for event in session.exec(select(OutboxEvent)).all():
            event.status = "sent"
    assert heard == []  # else the pusher's own bookkeeping would wake the pusher


def test_a_failing_listener_does_not_undo_the_sale_or_silence_the_others(world):
    bus = ChangeBus(world.engine)
    heard: list[frozenset[str]] = []

    def broken(_changes) -> None:
        raise ValueError("a listener's bug")

    bus.subscribe(None, broken)
    bus.subscribe(None, heard.append)
    _sell(world)
    assert len(heard) == 1


def test_an_unsubscribed_listener_hears_nothing_more(world):
    heard: list[frozenset[str]] = []
    unsubscribe = ChangeBus(world.engine).subscribe(None, heard.append)
    unsubscribe()
    _sell(world)
    assert heard == []


def test_a_sale_nudges_sync_and_the_queue_count_follows(world):
    sync = SyncService(world.engine)
    statuses = []
    sync.subscribe(statuses.append)
    ChangeBus(world.engine).subscribe({"outbox"}, lambda _changes: sync.nudge())
    before = sync.status.queued
    _sell(world)
    assert statuses, "the sale's commit woke sync"
    assert statuses[-1].queued > before
