"""Every event the till queues is built through the wire contract (sync.contract), so what a
real service writes to the outbox is exactly what HQ's parser accepts, and a payload that
breaks the contract is refused on the till, before anything is written."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from pydantic import ValidationError

from local_db.ids import utcnow
from local_db.models import Member
from local_db.uow import write_session
from pos_app.domain.cart import Cart
from pos_app.domain.permissions import Action
from pos_app.domain.shifts import Count
from pos_app.domain.tenders import Tender, TenderKind
from pos_app.services import outbox
from pos_app.services.approvals import ApprovalService
from pos_app.services.catalog import CatalogService
from pos_app.services.kpis import KpiService
from pos_app.services.members import MemberService
from pos_app.services.returns import ReturnService
from pos_app.services.returns.no_receipt import NoReceiptLine, NoReceiptReturns
from pos_app.services.shifts import ClosedShift
from pos_app.services.shifts.service import CashMoveDone
from pos_app.services.units import UnitService
from sync.contract.events import EVENTS, parse_payload
from sync.contract.events_sale import SalePayload
from sync.contract.events_shifts import AuditPayload
from sync.contract.streams_catalog import ProductData
from tests.builders import build_world

COLA, BAG = "6901234567892", "6937654321097"


def _queued(path: Path) -> list[tuple[str, str, dict]]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT type, entity_id, payload FROM outbox_event ORDER BY seq")
        return [(t, e, json.loads(p)) for t, e, p in rows]


def _member_with_points(world, balance: int) -> str:
    with write_session(world.engine) as session:
        member = Member(name="陈静", tier="gold", points_balance=balance, provisional=False)
        session.add(member)
        session.flush()
        return member.id


def _coupon_sale(world):
    """A sale with a ¥5 coupon signed by a key the till holds (as the stream brings it)."""
    import uuid
    from datetime import timedelta

    from local_db.models import CouponKey
    from pos_app.domain.coupons import CouponPayload, generate_keypair, sign

    private, public = generate_keypair()
    with write_session(world.engine) as session:
        session.add(CouponKey(key_id=7, public_key=public.hex()))
    now = utcnow()
    code = sign(CouponPayload.make(
        key_id=7, coupon_id=str(uuid.uuid4()), campaign_id="c", member_id=None,
        kind="amount_off", value=500, valid_from=now - timedelta(days=1),
        valid_until=now + timedelta(days=1)), private)
    cart = Cart()
    world.scanner.ring(cart, BAG)
    cart.apply_coupon(world.checkout.coupons.read(code, None))
    return world.checkout.complete_sale(cart, [Tender(TenderKind.CASH, 12400)],
                                        world.cashier, world.shift)


def test_every_event_the_till_queues_is_what_the_contract_accepts(tmp_path: Path):
    world = build_world(tmp_path / "till.db")  # opens a shift: shift.opened
    units = UnitService(world.engine, world.terminal)
    assert units.receive(["SFU:SKU-BAG:S1"], world.manager).received  # units.received
    cart = Cart()
    world.scanner.ring(cart, "SFU:SKU-BAG:S1")
    world.scanner.ring(cart, COLA, 2)
    unit_sale = world.checkout.complete_sale(  # sale.completed + units.sold
        cart, [Tender(TenderKind.CASH, 20000)], world.cashier, world.shift)
    members = MemberService(world.engine, world.terminal)
    enrolled = members.enroll("王芳", "13812345678", world.guide)  # member.enrolled
    members.add_tag(enrolled.id, "VIP", world.guide)  # member.tagged
    member = _member_with_points(world, 10_000)
    cart = Cart()
    world.scanner.ring(cart, BAG)
    world.scanner.ring(cart, COLA)
    cart.attach_member(member)
    member_sale = world.checkout.complete_sale(  # a member's sale: points earned and spent
        cart, [Tender(TenderKind.POINTS, 3000), Tender(TenderKind.CARD, 10250)],
        world.cashier, world.shift)
    assert member_sale.points_redeemed and member_sale.points_earned
    returns = ReturnService(world.engine, world.terminal)
    for sale in (unit_sale, member_sale):  # return.completed, with a unit, with points
        lines = returns.find_sale(sale.receipt_no).lines
        returns.complete_return(sale.receipt_no, {ln.sale_line_id: ln.quantity for ln in lines},
                                world.cashier, world.shift)
    coupon_sale = _coupon_sale(world)  # coupon.redeemed with the sale
    lines = returns.find_sale(coupon_sale.receipt_no).lines
    returns.complete_return(  # coupon.revived: the manager's word at the return
        coupon_sale.receipt_no, {ln.sale_line_id: ln.quantity for ln in lines}, world.manager,
        world.shift, revive_coupon=True)
    no_receipt = NoReceiptReturns(world.engine, world.terminal, CatalogService(world.engine),
                                  units)
    no_receipt.complete(  # return.no_receipt: a manager's, refunded as store credit
        [NoReceiptLine(no_receipt.look_up(COLA))], "store_credit", "gift", world.manager,
        world.shift)
    kpis = KpiService(world.engine, world.terminal)
    kpis.set_target(world.manager, world.guide.id, "2026-12", 500000)  # guide.target_set
    cola = next(ln for ln in kpis.sold_lines(unit_sale.receipt_no) if ln.quantity == 2)
    kpis.reattribute(world.manager, cola.sale_line_id, world.guide.id,  # line.reattributed
                     "the guide served")
    world.shifts.cash_move(world.cashier, "in", 5000, "float_top_up")  # cash.moved
    assert isinstance(world.shifts.no_sale(world.manager), CashMoveDone)  # drawer.no_sale
    assert isinstance(  # shift.closed with its Z (a manager: queue and count approved)
        world.shifts.close(world.manager, Count(cash={10000: 9})), ClosedShift)
    approved = ApprovalService(world.engine, world.auth).approve(  # override.approved
        Action.CHANGE_PRICE, world.cashier, "9001", "9999", entity="line-1", before=350,
        after=300, note="scratched")
    world.auth.sign_out(world.cashier)  # audit.head: the chain's head at every sign-out

    queued = _queued(world.path)
    for type_, _entity, payload in queued:
        parse_payload(type_, payload)  # HQ's own check; raises PayloadError on a mismatch
    assert {t for t, _, _ in queued} == {
        "shift.opened", "units.received", "sale.completed", "units.sold", "member.enrolled",
        "member.tagged", "return.completed", "coupon.redeemed", "coupon.revived", "audit.head",
        "cash.moved", "drawer.no_sale", "shift.closed", "return.no_receipt",
        "guide.target_set", "line.reattributed", "override.approved"}
    assert set(EVENTS) - {t for t, _, _ in queued} == {  # not yet queued by this walk
        "audit"}
    (override,) = [(e, p) for t, e, p in queued if t == "override.approved"]
    assert override[0] == override[1]["id"]  # the audit row's id: HQ keeps it once
    assert {k: override[1][k] for k in ("action", "asked_by", "approver", "entity_id",
                                         "before", "after", "reason", "method")} == {
        "action": "change_price", "asked_by": world.cashier.id,
        "approver": approved.approver.id, "entity_id": "line-1", "before": 350, "after": 300,
        "reason": "scratched", "method": "pin"}
    sale_sent = next(p for t, e, p in queued if t == "sale.completed" and e == member_sale.sale_id)
    assert (sale_sent["member_id"], sale_sent["points_redeemed"]) == (member, 3000)
    plain_sent = next(p for t, e, p in queued if t == "sale.completed" and e == unit_sale.sale_id)
    assert "member_id" not in plain_sent  # only what was given travels (an older HQ refuses more)
    assert plain_sent["created_at"].endswith("+00:00")  # the form tills have always sent


def test_a_sale_discounted_to_zero_needs_no_tender_on_either_side(tmp_path: Path):
    world = build_world(tmp_path / "till.db")
    cart = Cart()
    line = world.scanner.ring(cart, COLA)
    cart.set_line_discount(line.line_id, 350, "gift")
    done = world.checkout.complete_sale(cart, [], world.cashier, world.shift)
    (payload,) = [p for t, e, p in _queued(world.path) if e == done.sale_id]
    assert payload["tenders"] == [] and payload["total"] == 0
    parse_payload("sale.completed", payload)


def _sale(**changes) -> dict:
    sale = {
        "id": "s-1", "receipt_no": "S01-T01-000001", "terminal_id": "t-1", "shift_id": "sh-1",
        "cashier_id": "c-1", "created_at": utcnow(), "subtotal": 700, "discount_total": 0,
        "total": 700, "tax_total": 80, "paid": 1000, "change": 300,
        "lines": [{"id": "l-1", "line_no": 1, "product_id": "p-1", "sku": "SKU-COLA",
                   "name": "可口可乐", "quantity": 2, "unit_price": 350, "net": 700,
                   "tax_rate_bp": 1300, "tax": 80}],
        "tenders": [{"kind": "cash", "amount": 1000, "line_no": 1}],
    }
    return sale | changes


def test_a_payload_that_breaks_the_contract_is_refused_on_the_till(tmp_path: Path):
    world = build_world(tmp_path / "till.db")
    before = _queued(world.path)
    SalePayload.model_validate(_sale())  # the well-formed one passes
    missing = _sale()
    del missing["receipt_no"]
    for bad, why in ((missing, "receipt_no"), (_sale(total=600), "total"),
                     (_sale(paid=1000.0), "paid"), (_sale(coupon="X"), "coupon")):
        with pytest.raises(ValidationError, match=why), write_session(world.engine) as session:
            outbox.enqueue(session, "s-1", SalePayload.model_validate(bad))
    with pytest.raises(ValueError, match="not its id"), write_session(world.engine) as session:
        outbox.enqueue(session, "s-2", SalePayload.model_validate(_sale()))  # HQ checks it too
    product = ProductData(id="p-1", sku="S", name_zh="n", price=1)
    with pytest.raises(TypeError, match="not a registered"), write_session(world.engine) as s:
        outbox.enqueue(s, "p-1", product)  # type: ignore[arg-type]
    assert _queued(world.path) == before  # nothing half-written


def test_an_event_is_queued_under_its_registered_type(tmp_path: Path):
    world = build_world(tmp_path / "till.db")
    with write_session(world.engine) as session:
        outbox.enqueue(session, "x-1", AuditPayload(id="a-1", at=utcnow(), action="edit"))
    assert _queued(world.path)[-1][:2] == ("audit", "x-1")
