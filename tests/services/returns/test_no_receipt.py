"""A return without receipt: a manager's flow, priced from the catalogue (or lower), cash or
store credit, a reason from the fixed list; one transaction with its outbox event."""

from __future__ import annotations

import json

import pytest

from pos_app.domain.permissions import Action
from pos_app.errors import PosError
from pos_app.services.returns.no_receipt import NoReceiptLine
from sync.contract.events import parse_payload
from tests.services.unit_world import COLA, bags_in_stock, key, pay_cash, rows, till_for, unit


@pytest.fixture
def store(world):
    return world, bags_in_stock(world, unit("SN001"), unit("SN002"))


def test_a_cashier_needs_a_manager_and_nothing_is_written_without_one(store):
    world, _units = store
    till = till_for(world)
    cola = till.returns.look_up_item(COLA)
    with pytest.raises(PosError) as info:
        till.returns.complete_without_receipt([NoReceiptLine(cola, 2)], "cash", "defective")
    assert info.value.code == "return_without_receipt_needs_manager"
    assert rows(world, "SELECT count(*) FROM sale_return") == [(0,)]
    approval = till.approve(Action.RETURN_WITHOUT_RECEIPT, "9001", "9999")
    done = till.returns.complete_without_receipt([NoReceiptLine(cola, 2)], "cash",
                                                 "defective", approved_by=approval)
    assert done.kind == "no_receipt" and done.sale_id is None and done.refund_total == 700
    assert [(p.kind, p.amount, p.line_no) for p in done.refunds] == [("cash", 700, 0)]
    assert rows(world, "SELECT kind, sale_id, reason_code, approved_by, to_cash FROM "
                "sale_return") == [("no_receipt", None, "defective", world.manager.id, 1)]
    assert rows(world, "SELECT quantity, reason, sale_id FROM stock_move WHERE return_id=?",
                done.return_id) == [(2, "return", None)]
    (payload,) = rows(world, "SELECT payload FROM outbox_event WHERE type='return.no_receipt'")[0]
    parse_payload("return.no_receipt", json.loads(payload))  # HQ's own check
    assert rows(world, "SELECT count(*) FROM audit_log WHERE action='return_without_receipt'"
                ) == [(1,)]


def test_store_credit_gets_a_voucher_number_and_the_manager_may_type_a_lower_price(store):
    world, _units = store
    till = till_for(world, world.manager)
    cola = till.returns.look_up_item(COLA)
    first = till.returns.complete_without_receipt([NoReceiptLine(cola, 3, amount=900)],
                                                  "store_credit", "changed_mind")
    second = till.returns.complete_without_receipt([NoReceiptLine(cola, 1)],
                                                   "store_credit", "gift")
    assert [(p.kind, p.amount, p.reference) for p in first.refunds + second.refunds] == [
        ("store_credit", 900, "S01-T01-C000001"), ("store_credit", 350, "S01-T01-C000002")]
    assert rows(world, "SELECT kind, amount, reference FROM refund_tender ORDER BY reference"
                ) == [("store_credit", 900, "S01-T01-C000001"),
                      ("store_credit", 350, "S01-T01-C000002")]
    slip = till.returns.slip(first.return_id)
    assert slip.receipt_no == "" and slip.reason == "changed_mind"
    assert [(r.kind, r.amount, r.reference) for r in slip.refunds] == [
        ("store_credit", 900, "S01-T01-C000001")]
    assert slip.approver_name == "张伟" and slip.lines[0].quantity == 3


@pytest.mark.parametrize(("lines", "kind", "reason", "code"), [
    ([("cola", 1, 351)], "cash", "defective", "return_price_above_catalogue"),
    ([("cola", 0, None)], "cash", "defective", "return_quantity_invalid"),
    ([("cola", 1, None)], "card", "defective", "return_refund_kind_invalid"),
    ([("cola", 1, None)], "cash", "because", "return_reason_required"),
    ([], "cash", "defective", "return_nothing_picked"),
    ([("bag", 1, None)], "cash", "defective", "return_unit_required"),
])
def test_what_the_flow_refuses_is_said_and_nothing_is_written(store, lines, kind, reason,
                                                              code):
    world, _units = store
    till = till_for(world, world.manager)
    items = {"cola": till.returns.look_up_item(COLA),
             "bag": till.returns.look_up_item("6937654321097")}
    picked = [NoReceiptLine(items[name], q, amount=a) for name, q, a in lines]
    with pytest.raises(PosError) as info:
        till.returns.complete_without_receipt(picked, kind, reason)
    assert info.value.code == code
    assert info.value.message()
    assert rows(world, "SELECT count(*) FROM sale_return") == [(0,)]


def test_a_sold_unit_comes_back_in_stock_an_unsold_one_is_refused(store):
    world, units = store
    seller = till_for(world)
    seller.sale.ring(unit("SN001"))
    pay_cash(seller)
    till = till_for(world, world.manager)
    in_stock = till.returns.look_up_item(unit("SN002"))
    with pytest.raises(PosError) as info:
        till.returns.complete_without_receipt([NoReceiptLine(in_stock)], "cash", "defective")
    assert info.value.code == "return_unit_not_sold"
    sold = till.returns.look_up_item(unit("SN001"))
    assert sold.tracked and sold.unit_code == key("SN001") and sold.unit_price == 12900
    done = till.returns.complete_without_receipt([NoReceiptLine(sold)], "cash", "defective")
    assert done.unit_keys == (key("SN001"),)
    assert units.lookup(key("SN001")).state == "in_stock"
    assert rows(world, "SELECT sale_line_id, unit_code FROM return_line WHERE return_id=?",
                done.return_id) == [(None, key("SN001"))]
