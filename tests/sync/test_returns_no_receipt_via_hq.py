"""A return without receipt reaches HQ (issue 18-C): applied and flagged for review; bounded
by HQ's own catalogue price × quantity (the till's price is not trusted), so a refund above
it is refused when it arrives; the manager who approved must be one of the store's."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from hq import admin
from pos_app.domain.permissions import Action
from pos_app.services.returns.no_receipt import NoReceiptLine
from pos_app.services.till import Till, TillServices
from sync.round import sync_once
from tests.hq.server import HQServer
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
    t = Till(TillServices.build(paired.engine, paired.terminal, None))
    t.session.staff, t.session.shift = paired.cashier, paired.shift
    return paired, t


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


def test_a_refund_above_hqs_catalogue_is_refused(hq: HQServer, till):  # type: ignore[no-untyped-def]
    paired, t = till
    done = _return(t, 2, "cash")  # ¥7.00 at the till's price
    with hq.engine.begin() as conn:  # HQ's price is lower by the time it arrives
        conn.execute(text("UPDATE product SET price = 300 WHERE sku = 'SKU-COLA'"))
    sync(paired)
    ((status, reason),) = hq_rows(hq, "SELECT status, reason FROM event WHERE entity_id = :i",
                                  i=done.return_id)
    assert status == "conflict" and "above the catalogue" in reason
    assert hq_rows(hq, "SELECT count(*) FROM sale_return") == [(0,)]
