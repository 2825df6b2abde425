"""A return without receipt reaches HQ (issue 18-C): applied and flagged for review; bounded
by HQ's own catalogue price × quantity (the till's price is not trusted) at the return's
time, so a price cut published meanwhile flags it instead of refusing it (hq/returns/
no_receipt_check.py; the refusals: tests/hq/returns); the manager who approved must be one
of the store's."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from hq import admin, catalog
from hq.shifts import shift_z
from pos_app.domain.permissions import Action
from pos_app.domain.shifts import Count
from pos_app.services.returns.no_receipt import NoReceiptLine
from pos_app.services.shifts import ClosedShift
from pos_app.services.till import Till
from sync.round import sync_once
from tests.hq.server import HQServer
from tests.services.shifts.shift_world import exact_count
from tests.services.unit_world import COLA
from tests.sync.hq_world import PairedTill, paired_till


def sync(till: PairedTill) -> None:
    with till.client() as client:
        result = sync_once(till.engine, client)
    assert result.ok, result.error


def hq_rows(hq: HQServer, sql: str, **params) -> list[tuple]:  # type: ignore[no-untyped-def]
    with hq.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql), params)]


@pytest.fixture
def till(hq: HQServer, tmp_path: Path) -> tuple[PairedTill, Till]:
    paired = paired_till(hq, tmp_path, "T01")
    admin.create_staff(hq.engine, "S01", "9001", "张伟", "manager", "9999")
    sync(paired)  # the manager reaches the till
    return paired, paired.signed_in()


def _return(t: Till, quantity: int, kind: str = "store_credit"):  # type: ignore[no-untyped-def]
    approval = t.approve(Action.RETURN_WITHOUT_RECEIPT, "9001", "9999")
    return t.returns.complete_without_receipt(
        [NoReceiptLine(t.returns.look_up_item(COLA), quantity)], kind, "defective",
        approved_by=approval)


def test_applied_and_flagged_for_review(hq: HQServer, till):  # type: ignore[no-untyped-def]
    paired, t = till
    done = _return(t, 2)
    sync(paired)
    ((status, reason),) = hq_rows(hq, "SELECT status, reason FROM event WHERE entity_id = :i",
                                  i=done.return_id)
    assert status == "conflict" and reason.startswith("return_without_receipt")
    assert "S01-T01-C000001" in reason  # the voucher, for whoever reviews it
    assert hq_rows(hq, "SELECT kind, sale_id, reason_code, refund_total FROM sale_return"
                   ) == [("no_receipt", None, "defective", 700)]
    assert hq_rows(hq, "SELECT kind, amount, reference FROM refund_tender") == [
        ("store_credit", 700, "S01-T01-C000001")]
    assert hq_rows(hq, "SELECT kind FROM exception WHERE event_id = (SELECT event_id "
                   "FROM event WHERE entity_id = :i)", i=done.return_id) == [("flagged",)]


def test_a_price_cut_while_offline_is_applied_flagged_and_the_z_agrees(
        hq: HQServer, till):  # type: ignore[no-untyped-def]
    """Review 4a: HQ bounds the refund by the price the till could hold when the return was
    made, not by today's: the cash has left the drawer, so HQ applies it (flagged) and its
    Z view of the shift equals the till's to the fen."""
    paired, t = till
    done = _return(t, 2, "cash")  # ¥7.00 at the till's price, offline
    catalog.set_price(hq.engine, "SKU-COLA", 300)  # HQ cuts the price before it arrives
    sync(paired)
    ((status, reason),) = hq_rows(hq, "SELECT status, reason FROM event WHERE entity_id = :i",
                                  i=done.return_id)
    assert status == "conflict" and reason.startswith("return_without_receipt")
    assert "above_hq_price" in reason and "within HQ's 350 fen" in reason
    assert hq_rows(hq, "SELECT kind, refund_total FROM sale_return") == [("no_receipt", 700)]
    closed = t.shifts.close(exact_count(t.shifts.check_count(Count())))
    assert isinstance(closed, ClosedShift)
    sync(paired)
    with hq.engine.connect() as conn:
        view = shift_z(conn, closed.shift_id)
    assert view is not None and view.till is not None and view.differences == []
    assert view.hq.returns_total == 700
