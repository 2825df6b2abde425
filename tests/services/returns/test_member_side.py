"""A member's return seen from the member's side (tester 24, finding 8): the slip names the
member (masked) and the points the return took back and gave back, and the member's purchase
history shows the return on the sale it returns; a walk-in's slip has no member block."""

from __future__ import annotations

import pytest

from devices.printer.return_slip import render_return_slip
from local_db.models import Member
from local_db.uow import write_session
from pos_app.domain.tenders import Tender, TenderKind
from pos_app.services.loyalty import LoyaltyService
from pos_app.services.members import MemberService
from tests.services.unit_world import COLA, till_for

BAG = "6937654321097"  # ¥129.00


@pytest.fixture
def member(world) -> str:
    with write_session(world.engine) as session:
        row = Member(name="陈静", phone="13812348000", tier="diamond", points_balance=5000,
                     provisional=False, consent=True)
        session.add(row)
        session.flush()
        return row.id


def test_the_slip_and_the_history_show_a_members_return(world, member):
    till = till_for(world)
    till.cart.attach_member(member)
    till.sale.ring(COLA, 2)  # 700
    till.sale.ring(BAG)  # 12900 → 13600
    done = till.sale.complete([Tender(TenderKind.POINTS, 1000), Tender(TenderKind.CASH, 12600)])
    sale = till.returns.find_sale(done.receipt_no)
    bag = next(ln for ln in sale.lines if ln.quantity == 1)
    back = till.returns.complete(done.receipt_no, {bag.sale_line_id: 1})
    assert back.points_reversed > 0 and back.points_refunded > 0

    slip = till.returns.slip(back.return_id)
    assert slip.member is not None
    assert (slip.member.masked, slip.member.points_reversed, slip.member.points_refunded) == (
        "138****8000", back.points_reversed, back.points_refunded)
    assert slip.member.points_balance == LoyaltyService(world.engine).balance(member)
    text = render_return_slip(slip, 42).decode("gb18030")
    assert "138****8000" in text and f"-{back.points_reversed}" in text
    assert f"+{back.points_refunded}" in text

    profile = MemberService(world.engine, world.terminal).profile(member, world.manager)
    (row,) = profile.purchases
    assert (row.receipt_no, row.total, row.returned) == (
        done.receipt_no, 13600, back.refund_total)


def test_a_walk_ins_return_slip_has_no_member(world):
    till = till_for(world)
    till.sale.ring(COLA)
    done = till.sale.complete([Tender(TenderKind.CASH, 350)])
    (line,) = till.returns.find_sale(done.receipt_no).lines
    back = till.returns.complete(done.receipt_no, {line.sale_line_id: 1})
    assert till.returns.slip(back.return_id).member is None
