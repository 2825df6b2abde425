"""Returns: by receipt QR or number, refunds to the original tenders, units back in stock."""

from __future__ import annotations

import json

import pytest

from pos_app.domain.permissions import Action
from pos_app.domain.tenders import Tender, TenderKind
from pos_app.errors import PosError
from tests.services.unit_world import COLA, bags_in_stock, key, pay_cash, rows, till_for, unit


@pytest.fixture
def store(world):
    return world, bags_in_stock(world, unit("SN001"), unit("SN002"))


def test_a_returned_unit_is_back_in_stock_and_sells_again(store):
    world, units = store
    till = till_for(world)
    till.sale.ring(unit("SN001"))
    till.sale.ring(COLA, 3)
    done = pay_cash(till, extra=1000)  # ¥10 change: never refunded
    sale = till.returns.find_sale(f"SFR:{done.sale_id}")
    bag = next(ln for ln in sale.lines if ln.unit_code)
    back = till.returns.complete(f"SFR:{done.sale_id}", {bag.sale_line_id: 1})
    assert back.refund_total == 12900
    assert [(p.kind, p.amount) for p in back.refunds] == [("cash", 12900)]
    assert back.unit_keys == (key("SN001"),)
    assert units.lookup(key("SN001")).state == "in_stock"
    assert rows(world, "SELECT from_state, to_state FROM unit_event WHERE return_id=?"
                " ORDER BY rowid", back.return_id) == [("sold", "returned"),
                                                        ("returned", "in_stock")]
    assert rows(world, "SELECT quantity, reason FROM stock_move WHERE return_id=?",
                back.return_id) == [(1, "return")]
    assert rows(world, "SELECT stock_qty FROM product WHERE sku='SKU-BAG'") == [(100,)]
    (payload,) = rows(world, "SELECT payload FROM outbox_event WHERE type='return.completed'")[0]
    assert json.loads(payload)["refund_total"] == 12900
    assert rows(world, "SELECT count(*) FROM audit_log WHERE action='return_completed'") == [(1,)]

    again = till_for(world)
    again.sale.ring(unit("SN001"))
    resold = pay_cash(again)
    assert units.lookup(key("SN001")).receipt_no == resold.receipt_no


def test_refunds_split_over_the_original_tenders_and_never_exceed_what_was_sold(store):
    world, _units = store
    till = till_for(world)
    till.sale.ring(COLA, 3)  # 1050 fen
    done = till.sale.complete([Tender(TenderKind.CARD, 700),
                          Tender(TenderKind.CASH, 500)])  # 150 change from cash
    by_number = till.returns.find_sale(done.receipt_no)
    line = by_number.lines[0]
    first = till.returns.complete(done.receipt_no, {line.sale_line_id: 1})
    assert first.refund_total == 350
    assert sum(p.amount for p in first.refunds) == 350
    assert {p.kind for p in first.refunds} == {"card", "cash"}
    second = till.returns.complete(done.receipt_no, {line.sale_line_id: 2})
    totals: dict[str, int] = {}
    for p in first.refunds + second.refunds:
        totals[p.kind] = totals.get(p.kind, 0) + p.amount
    assert totals == {"card": 700, "cash": 350}  # cash paid 500, 150 was change
    with pytest.raises(PosError) as info:
        till.returns.complete(done.receipt_no, {line.sale_line_id: 1})
    assert info.value.code == "return_too_many"
    assert rows(world, "SELECT count(*) FROM sale_return") == [(2,)]


def test_cash_refund_instead_of_card_needs_a_manager(store):
    world, _units = store
    till = till_for(world)
    till.sale.ring(COLA)
    done = till.sale.complete([Tender(TenderKind.CARD, 350)])
    line = till.returns.find_sale(done.receipt_no).lines[0]
    with pytest.raises(PosError) as info:
        till.returns.complete(done.receipt_no, {line.sale_line_id: 1}, to_cash=True)
    assert info.value.code == "refund_to_cash_needs_manager"
    approval = till.approve(Action.REFUND_TO_CASH, "9001", "9999")
    back = till.returns.complete(done.receipt_no, {line.sale_line_id: 1}, to_cash=True,
                                 approved_by=approval)
    assert [(p.kind, p.amount) for p in back.refunds] == [("cash", 350)]
    assert rows(world, "SELECT approved_by, to_cash FROM sale_return") == [
        (approval.approver.id, 1)]


def test_unknown_receipts_and_empty_picks_are_refused(store):
    world, _units = store
    till = till_for(world)
    with pytest.raises(PosError) as info:
        till.returns.find_sale("S01-T01-999999")
    assert info.value.code == "sale_not_found"
    till.sale.ring(COLA)
    done = pay_cash(till)
    with pytest.raises(PosError) as info:
        till.returns.complete(done.receipt_no, {})
    assert info.value.code == "return_nothing_picked"


def test_a_receipt_code_on_the_sale_screen_points_to_returns(store):
    world, _units = store
    till = till_for(world)
    till.sale.ring(COLA)
    done = pay_cash(till)
    with pytest.raises(PosError) as info:
        till.sale.ring(f"SFR:{done.sale_id}")
    assert info.value.code == "code_is_receipt"
    assert info.value.params["sale_id"] == done.sale_id


def test_a_return_is_found_by_the_short_number_of_this_tills_receipt(store):
    world, _units = store
    till = till_for(world)
    till.sale.ring(COLA)
    done = pay_cash(till)
    seq = int(done.receipt_no.rsplit("-", 1)[1])
    prefix = done.receipt_no.rsplit("-", 1)[0]
    for typed in (str(seq), f"{seq:06d}", f" {seq:03d} ", f"{prefix.lower()}-{seq}",
                  done.receipt_no, f"SFR:{done.sale_id}"):
        assert till.returns.find_sale(typed).sale_id == done.sale_id, typed
    with pytest.raises(PosError) as info:
        till.returns.find_sale(str(seq + 1))
    assert info.value.code == "sale_not_found"
    assert info.value.params["query"] == str(seq + 1)  # what was typed, not the expansion
