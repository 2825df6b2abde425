"""Value taken on the till's word (issue 13), replayed from S01's own till token against a
real HQ: HQ recomputes or bounds every figure with the till's domain rules, and the
victim's rows do not move.

- a ¥0.01 sale with points_earned = 1e9 for another store's member;
- a ¥5,000 sale paid by a "points" tender with points_redeemed = 1;
- a ¥1 line returned for ¥10,000,000 to cash, approved_by "anyone-at-all";
- a return at S01 against S02's sale that "refunds" 5e7 points;
- sales dated 1999 and 2999, and a line priced below HQ's price."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from hq import models as hm
from tests.security.conftest import changed, digest
from tests.security.value_world import (
    balance,
    event,
    exceptions_for,
    member_state,
    push,
    sale,
    two_stores,
)

BOOKKEEPING = ("event", "exception", "member_access")  # where HQ writes down what it saw


def _return(till, sold: dict, amount: int, approved_by: str | None, **fields) -> dict:  # type: ignore[no-untyped-def]
    line = sold["payload"]["lines"][0]
    rid = str(uuid.uuid4())
    p = {"id": rid, "return_no": f"S01-T01-R{uuid.uuid4().hex[:6]}",
         "sale_id": sold["payload"]["id"], "receipt_no": sold["payload"]["receipt_no"],
         "terminal_id": till.terminal.terminal_id, "shift_id": till.shift.id,
         "staff_id": till.cashier.id, "approved_by": approved_by,
         "created_at": datetime.now(UTC).isoformat(), "refund_total": amount,
         "to_cash": approved_by is not None, "reason": "",
         "lines": [{"id": str(uuid.uuid4()), "sale_line_id": line["id"],
                    "product_id": line["product_id"], "quantity": 1, "amount": amount,
                    "unit_code": None}],
         "refunds": [{"line_no": 0 if approved_by else 1, "kind": "cash", "amount": amount,
                      "reference": ""}], **fields}
    return event("return.completed", rid, p)


def test_a_one_fen_sale_claiming_a_billion_points_earns_what_one_fen_earns(hq, tmp_path):
    world = two_stores(hq, tmp_path)
    before = member_state(hq, world.victim)["points_ledger"]
    forged = sale(world.attacker, 1, member_id=world.victim, points_earned=1_000_000_000)
    res = push(hq, world.attacker, forged)[0]
    assert res["status"] == "conflict" and res["reason"].startswith("points_recomputed:")
    assert "till said 1000000000 points earned, HQ computed 0" in res["reason"]
    assert balance(hq, world.victim) == 129
    assert member_state(hq, world.victim)["points_ledger"] == before  # nothing booked
    assert [k for k, _ in exceptions_for(hq, forged["event_id"])] == ["flagged"]
    with hq.engine.connect() as conn:
        assert conn.execute(select(hm.Sale.points_earned).where(
            hm.Sale.id == forged["entity_id"])).scalar_one() == 0  # HQ's figure on the books


def test_a_points_tender_must_be_paid_for_with_its_points(hq, tmp_path):
    world = two_stores(hq, tmp_path)
    before = digest(hq.engine, skip=BOOKKEEPING)
    forged = sale(world.attacker, 500_000, member_id=world.victim, points_redeemed=1)
    forged["payload"]["tenders"] = [{"kind": "points", "amount": 500_000, "reference": "",
                                     "line_no": 1}]
    res = push(hq, world.attacker, forged)[0]
    assert res["status"] == "rejected"
    assert "points tender of 500000 fen needs 500000 points, sale says 1" in res["reason"]
    capped = sale(world.attacker, 500_000, member_id=world.victim, points_redeemed=500_000)
    capped["payload"]["tenders"] = forged["payload"]["tenders"]
    res = push(hq, world.attacker, capped)[0]
    assert res["status"] == "rejected" and "above the cap of 250000 fen" in res["reason"]
    assert changed(before, digest(hq.engine, skip=BOOKKEEPING)) == []


def test_a_return_cannot_refund_more_than_was_paid_nor_name_a_made_up_approver(hq, tmp_path):
    world = two_stores(hq, tmp_path)
    sold = sale(world.attacker, 100)  # a ¥1 line at the attacker's own store
    assert push(hq, world.attacker, sold)[0]["status"] == "accepted"
    before = digest(hq.engine, skip=BOOKKEEPING)
    huge = _return(world.attacker, sold, 1_000_000_000, "anyone-at-all")
    res = push(hq, world.attacker, huge)[0]
    assert res["status"] == "conflict"
    assert "more than is left of the 100 fen paid" in res["reason"]
    fair_amount = _return(world.attacker, sold, 100, "anyone-at-all")
    res = push(hq, world.attacker, fair_amount)[0]
    assert res["status"] == "conflict" and "approval_invalid" in res["reason"]
    assert "anyone-at-all is not an active manager of this store" in res["reason"]
    card = _return(world.attacker, sold, 100, None)
    card["payload"]["refunds"] = [{"line_no": 1, "kind": "card", "amount": 100,
                                   "reference": ""}]
    res = push(hq, world.attacker, card)[0]
    assert res["status"] == "conflict" and "did not pay that way" in res["reason"]
    assert changed(before, digest(hq.engine, skip=BOOKKEEPING)) == []


def test_a_return_against_another_stores_sale_is_flagged_and_refunds_no_made_up_points(
        hq, tmp_path):
    world = two_stores(hq, tmp_path)
    with hq.engine.connect() as conn:
        sale_id = conn.execute(select(hm.Sale.id).where(hm.Sale.member_id == world.victim)
                               ).scalar_one()
        line = conn.execute(select(hm.SaleLine.__table__).where(
            hm.SaleLine.sale_id == sale_id)).one()
        receipt = conn.execute(select(hm.Sale.receipt_no).where(hm.Sale.id == sale_id)
                               ).scalar_one()
    sold = {"payload": {"id": sale_id, "receipt_no": receipt, "lines": [
        {"id": line.id, "product_id": line.product_id}]}}
    forged = _return(world.attacker, sold, line.net, None, member_id=world.victim,
                     points_refunded=50_000_000)
    res = push(hq, world.attacker, forged)[0]
    assert res["status"] == "conflict"
    assert "cross_store_return: " in res["reason"] and "points_recomputed: " in res["reason"]
    assert balance(hq, world.victim) == 0  # the 129 earned on the bag are taken back; no more
    assert [k for k, _ in exceptions_for(hq, forged["event_id"])] == ["flagged"]


def test_a_brand_can_refuse_cross_store_returns(hq, tmp_path, monkeypatch):
    monkeypatch.setenv("SHOPFLOOR_HQ_CROSS_STORE_RETURNS", "refused")
    world = two_stores(hq, tmp_path)
    with hq.engine.connect() as conn:
        s = conn.execute(select(hm.Sale.__table__).where(hm.Sale.member_id == world.victim)
                         ).one()
        line = conn.execute(select(hm.SaleLine.__table__).where(hm.SaleLine.sale_id == s.id)
                            ).one()
    sold = {"payload": {"id": s.id, "receipt_no": s.receipt_no,
                        "lines": [{"id": line.id, "product_id": line.product_id}]}}
    before = digest(hq.engine, skip=BOOKKEEPING)
    res = push(hq, world.attacker, _return(world.attacker, sold, line.net, None))[0]
    assert res["status"] == "conflict" and "refused by policy" in res["reason"]
    assert changed(before, digest(hq.engine, skip=BOOKKEEPING)) == []


@pytest.mark.parametrize("year", [1999, 2999])
def test_sales_dated_far_from_now_are_flagged(hq, tmp_path, year):
    world = two_stores(hq, tmp_path)
    odd = sale(world.attacker, 350)
    odd["payload"]["created_at"] = datetime(year, 6, 1, tzinfo=UTC).isoformat()
    res = push(hq, world.attacker, odd)[0]
    assert res["status"] == "conflict" and res["reason"].startswith("date_out_of_window:")
    assert [k for k, _ in exceptions_for(hq, odd["event_id"])] == ["flagged"]


def test_a_line_below_hqs_price_without_a_discount_is_flagged(hq, tmp_path):
    world = two_stores(hq, tmp_path)
    with hq.engine.connect() as conn:
        product = conn.execute(select(hm.Product.__table__).order_by(
            hm.Product.price.desc()).limit(1)).one()
    cheap = sale(world.attacker, 1)
    cheap["payload"]["lines"][0]["product_id"] = product.id
    res = push(hq, world.attacker, cheap)[0]
    assert res["status"] == "conflict" and res["reason"].startswith("below_hq_price:")
    assert f"HQ's price {product.price} fen" in res["reason"]
