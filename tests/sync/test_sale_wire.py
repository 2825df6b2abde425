"""sync.contract.sale_wire: the till's sale as outbox JSON, checked without building the
model when the sale plainly fits. It must answer exactly as `SalePayload.model_validate(p)
.wire()` does — the same refusal, or the same JSON — for any payload (hypothesis mutates a
well-formed sale field by field), and take the fast way for the sales a till makes."""

from __future__ import annotations

import contextlib
import copy
import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from sync.contract import sale_wire as sw
from sync.contract.events_sale import SalePayload
from sync.contract.fields import MAX_FEN


def _line(no: int, **changes: Any) -> dict[str, Any]:
    line = {"id": f"l-{no}", "line_no": no, "product_id": f"p-{no}", "sku": f"SKU-{no}",
            "name": "可口可乐", "barcode": "6901234567892", "quantity": 2, "unit_price": 350,
            "line_discount": 0, "order_discount": 0, "net": 700, "tax_rate_bp": 1300,
            "tax": 80, "discount_reason": "", "unit_code": None, "guide_id": None}
    return line | changes


def _sale(**changes: Any) -> dict[str, Any]:
    """Shaped as pos_app.services.checkout._sale_payload makes it: a member's sale with a
    member price (adjustments), a manager-approved line discount and two tenders."""
    member_line = _line(2, unit_price=1000, quantity=1, line_discount=150, net=850, tax=98,
                        discount_reason="会员价", guide_id="g-1", adjustments=[
                            {"kind": "member_price", "rule_id": "r-m", "name": "会员价",
                             "reason": "", "amount": 100, "scope": "line"},
                            {"kind": "manual_line", "rule_id": "r-d", "name": "折扣",
                             "reason": "破损", "amount": 50, "scope": "line",
                             "approved_by": "mgr-1"}])
    sale = {
        "id": "s-1", "receipt_no": "S01-T01-000001", "terminal_id": "t-1", "shift_id": "sh-1",
        "cashier_id": "c-1", "guide_id": "g-1", "subtotal": 1700, "discount_total": 150,
        "total": 1550, "tax_total": 178, "paid": 2000, "change": 450,
        "order_discount_reason": "", "created_at": datetime(2026, 12, 7, 9, 30, tzinfo=UTC),
        "lines": [_line(1), member_line],
        "tenders": [{"kind": "cash", "amount": 1000, "reference": "", "line_no": 1},
                    {"kind": "wechat", "amount": 1000, "reference": "wx-1", "line_no": 2}],
        "member_id": "m-1", "points_earned": 15, "points_redeemed": 0,
    }
    return sale | changes


def _outcome(fn, payload: dict[str, Any]) -> tuple[str, Any]:
    try:
        return "json", json.loads(fn(payload))
    except ValidationError as exc:
        return "refused", [(e["loc"], e["type"]) for e in exc.errors()]


def _model(payload: dict[str, Any]) -> str:
    return SalePayload.model_validate(payload).wire()


def test_the_tills_sales_take_the_fast_way_with_the_models_json():
    for sale in (_sale(), _sale(member_id=None, points_earned=0),
                 {k: v for k, v in _sale().items()
                  if k not in ("member_id", "points_earned", "points_redeemed", "guide_id")},
                 _sale(created_at=datetime(2026, 12, 7, 17, 30,
                                           tzinfo=timezone(timedelta(hours=8))))):
        assert sw._fits(sale)
        assert json.loads(sw.sale_wire(sale)) == json.loads(_model(sale))


def test_what_the_fast_check_is_unsure_of_goes_to_the_model():
    moved = _sale(unit_moves=[])  # a field the fast check leaves to the model
    assert not sw._fits(moved)
    assert json.loads(sw.sale_wire(moved)) == json.loads(_model(moved))
    bad = _sale(total=1549)
    assert not sw._fits(bad)
    with pytest.raises(ValidationError, match="total 1549 != 1550"):
        sw.sale_wire(bad)


EDGE = [None, True, False, 0, 1, -1, 2, 20, 21, 100, 101, 349, 351, 10_000, 10_001, 100_000,
        100_001, MAX_FEN, MAX_FEN + 1, 1.0, 700.0, "",
        "x", "x" * 33, "x" * 41, "x" * 65, "x" * 201, "a\x00b", "cash", "points", "line",
        "order", "member_price", [], {}, (), datetime(2026, 12, 7, 9, 30),
        datetime(2026, 12, 7, 9, 30, tzinfo=UTC), "2026-12-07T09:30:00+00:00"]
_DROP = object()


def _paths(sale: dict[str, Any]) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = [(k,) for k in sale]
    out += [("lines", i, k) for i, ln in enumerate(sale["lines"]) for k in ln]
    out += [("lines", 1, "adjustments", j, k)
            for j, a in enumerate(sale["lines"][1]["adjustments"]) for k in a]
    out += [("tenders", i, k) for i, t in enumerate(sale["tenders"]) for k in t]
    return out


def _mutate(sale: dict[str, Any], path: tuple[Any, ...], value: Any) -> None:
    *parents, last = path
    node = sale
    for key in parents:
        node = node[key]
    if value is _DROP:
        del node[last]
    else:
        node[last] = value


def _mutate_quietly(sale: dict[str, Any], path: tuple[Any, ...], value: Any) -> None:
    # an earlier mutation may have removed or replaced the parent: nothing to change then
    with contextlib.suppress(KeyError, IndexError, TypeError):
        _mutate(sale, path, value)


_BASE = _sale()
mutation = st.tuples(st.sampled_from(_paths(_BASE)),
                     st.one_of(st.sampled_from([*EDGE, _DROP]),
                               st.integers(-2, MAX_FEN + 2), st.text(max_size=70)))


@pytest.mark.parametrize("path", _paths(_BASE), ids=str)
def test_each_field_at_each_edge_answers_as_the_model_does(path):
    for value in [*EDGE, _DROP]:
        sale = copy.deepcopy(_BASE)
        _mutate(sale, path, value)
        assert _outcome(sw.sale_wire, sale) == _outcome(_model, sale), (path, value)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(mutation, min_size=1, max_size=3), st.booleans())
def test_the_fast_way_answers_as_the_model_does(mutations, with_extra_key):
    sale = copy.deepcopy(_BASE)
    for path, value in mutations:
        _mutate_quietly(sale, path, value)
    if with_extra_key:
        _mutate_quietly(sale, ("lines", 0, "coupon"), "X")  # a key unknown to the contract
    assert _outcome(sw.sale_wire, sale) == _outcome(_model, sale)
    if sw._fits(sale):
        SalePayload.model_validate(sale)  # the fast check never says yes to a refusal


@pytest.mark.parametrize(("model", "keys", "needed", "left"), [
    ("SalePayload", "_SALE_KEYS", "_SALE_NEEDED", {"unit_moves"}),
    ("SaleLinePayload", "_LINE_KEYS", "_LINE_NEEDED", set()),
    ("SaleLineAdjustment", "_ADJUSTMENT_KEYS", "_ADJUSTMENT_NEEDED", set()),
    ("SaleTenderPayload", "_TENDER_KEYS", "_TENDER_NEEDED", set()),
])
def test_the_fast_check_judges_exactly_the_models_fields(model, keys, needed, left):
    """A field added to the contract is not in the fast check's list until someone writes
    its check there: such a payload goes to the model meanwhile, and this test says so."""
    from sync.contract import events_sale

    fields = getattr(events_sale, model).model_fields
    assert getattr(sw, keys) == set(fields) - left
    assert getattr(sw, needed) == {n for n, f in fields.items() if f.is_required()}
