"""The unit moves a return carries (sync/contract/events_returns.py, one rule for both kinds):
exactly sold → returned → in_stock for each unit line, in the lines' order, nothing else.
Both payloads are built here as a till sends them, then with each kind of wrong moves."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from sync.contract.events_returns import NoReceiptReturnPayload, ReturnPayload

CODES = ["06966014000105:DEMO001", "06966014000105:DEMO002"]
AT = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


def _moves(steps: list[tuple[str, str, str]]) -> list[dict]:
    return [{"unit_key": k, "unit_id": f"id-{k}", "from": f, "to": t} for k, f, t in steps]


def _right(codes: list[str]) -> list[tuple[str, str, str]]:
    return [(k, f, t) for k in codes for f, t in (("sold", "returned"), ("returned", "in_stock"))]


def _receipt(moves: list[dict]) -> dict:
    lines = [{"id": f"rl{i}", "sale_line_id": f"sl{i}", "product_id": "p1", "quantity": 1,
              "amount": 100, "unit_code": code} for i, code in enumerate(CODES)]
    return {"id": "r1", "return_no": "S01-T01-R1", "sale_id": "s1", "receipt_no": "S01-T01-1",
            "terminal_id": "t1", "shift_id": "sh1", "staff_id": "st1", "created_at": AT,
            "refund_total": 200, "to_cash": False, "lines": lines,
            "refunds": [{"line_no": 1, "kind": "card", "amount": 200}], "unit_moves": moves}


def _no_receipt(moves: list[dict]) -> dict:
    lines = [{"id": f"rl{i}", "product_id": "p1", "quantity": 1, "unit_price": 100,
              "amount": 100, "unit_code": code} for i, code in enumerate(CODES)]
    return {"id": "r2", "return_no": "S01-T01-R2", "terminal_id": "t1", "shift_id": "sh1",
            "staff_id": "m1", "approved_by": "m1", "created_at": AT, "refund_total": 200,
            "reason_code": "defective", "lines": lines,
            "refunds": [{"kind": "cash", "amount": 200}], "unit_moves": moves}


KINDS = [(ReturnPayload, _receipt), (NoReceiptReturnPayload, _no_receipt)]
WRONG = {
    "none": [],
    "a step missing": _right(CODES)[:-1],
    "the lines' order swapped": _right(CODES[::-1]),
    "straight back to stock": [*_right(CODES)[:-2], (CODES[1], "sold", "in_stock")],
    "a unit not on any line": [*_right(CODES), *_right(["06966014000105:DEMO009"])],
}


@pytest.mark.parametrize(("model", "build"), KINDS)
def test_the_moves_the_lines_imply_are_accepted(model, build):
    assert model.model_validate(build(_moves(_right(CODES)))).unit_moves


@pytest.mark.parametrize(("model", "build"), KINDS)
@pytest.mark.parametrize("wrong", list(WRONG))
def test_any_other_moves_are_refused(model, build, wrong: str):
    with pytest.raises(ValidationError, match="unit_moves must be sold→returned→in_stock"):
        model.model_validate(build(_moves(WRONG[wrong])))
