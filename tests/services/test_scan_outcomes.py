"""A scan at the till answers what happened, as a value: classified once, never routed by an
exception (real SQLite file, the real till features)."""

from __future__ import annotations

import uuid

import pytest

from pos_app.domain.permissions import Action
from pos_app.services.till import (
    AddedLine,
    AttachesMember,
    NeedsApproval,
    OpensReturn,
    Refused,
    Till,
    TillServices,
)
from tests.services.unit_world import COLA, key, pay_cash, track_bag, unit


def signed_in(world, code: str = "1001", pin: str = "1111") -> Till:
    till = Till(TillServices.build(world.engine, world.terminal, None))
    till.sign_in(code, pin)
    return till


def test_a_product_barcode_adds_a_line(world):
    till = signed_in(world)
    outcome = till.sale.scan(COLA, 2)
    assert isinstance(outcome, AddedLine) and outcome.line.quantity == 2
    assert till.sale.line_quantity(outcome.line.line_id) == 2 and not till.sale.is_empty


def test_a_receipt_code_opens_its_return_and_leaves_the_cart_alone(world):
    till = signed_in(world)
    till.sale.ring(COLA)
    done = pay_cash(till)
    qr = f"SFR:{done.sale_id}"

    assert till.sale.scan(qr) == OpensReturn(qr, sale_id=done.sale_id)
    by_number = till.sale.scan(done.receipt_no)
    assert isinstance(by_number, OpensReturn) and by_number.receipt_no == done.receipt_no
    assert till.sale.is_empty


def test_a_member_code_attaches_through_the_members_feature(world):
    till = signed_in(world)
    member = till.members.enroll("陈静", "13812345678")
    code = f"SFM:{member.id}"
    outcome = till.sale.scan(code)
    assert outcome == AttachesMember(code)
    till.members.attach(till.members.find(outcome.code))
    assert till.sale.member is not None and till.sale.member.id == member.id
    assert till.sale.is_empty  # a member card is no line


@pytest.mark.parametrize(("code", "reason"), [
    ("6901234567890", "bad_check_digit"),
    ("4006381333931", "unknown_barcode"),
    ("条码", "malformed_scan"),
    (f"SFM:{'x' * 8}", "code_unreadable"),
])
def test_what_cannot_be_sold_is_refused_with_its_reason_and_adds_nothing(world, code, reason):
    till = signed_in(world)
    outcome = till.sale.scan(code)
    assert isinstance(outcome, Refused) and outcome.reason.code == reason
    assert outcome.reason.message() and till.sale.is_empty


def test_nobody_signed_in_is_a_refusal_not_an_exception(world):
    till = Till(TillServices.build(world.engine, world.terminal, None))
    outcome = till.sale.scan(COLA)
    assert isinstance(outcome, Refused) and outcome.reason.code == "not_signed_in"


def test_an_unknown_unit_asks_a_manager_and_the_approval_sells_it(world):
    track_bag(world)
    till = signed_in(world)
    asked = till.sale.scan(unit("NEW-9"))
    assert isinstance(asked, NeedsApproval) and asked.action == Action.SELL_UNKNOWN_UNIT
    assert asked.reason.code == "unit_unknown" and asked.entity == key("NEW-9")
    assert till.sale.is_empty

    added = till.sale.approve(asked, till.approve(asked, "9001", "9999"))

    assert isinstance(added, AddedLine) and added.line.unit_override_by == world.manager.id


def test_a_unit_waiting_in_a_parked_sale_is_refused_as_a_value(world):
    track_bag(world)
    manager = signed_in(world, "9001", "9999")
    assert manager.units.receive([unit("P-1")]).received == [key("P-1")]
    till = signed_in(world)
    till.sale.ring(unit("P-1"))
    till.held.park()
    outcome = till.sale.scan(unit("P-1"))
    assert isinstance(outcome, Refused) and outcome.reason.code == "unit_parked"
    assert till.sale.is_empty


def test_the_member_code_of_a_stranger_is_still_a_member_code(world):
    till = signed_in(world)
    code = f"SFM:{uuid.uuid4()}"
    assert till.sale.scan(code) == AttachesMember(code)
