"""HQ bounds the cashier's manual discounts (20-L2): a line or order discount past the
cashier's limit is booked unflagged only when the sale names a manager of the store as its
approver; without one, or with a cashier named, it is applied and flagged
(`manual_discount_unapproved`, exception kind `flagged`, where HQ's other value flags are).
A paired till sells through its real checkout and pushes to a real HQ over HTTP."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from hq import admin
from hq import models as hm
from pos_app.domain.cart import Cart
from pos_app.domain.tenders import Tender, TenderKind
from sync.contract.events_sale import SalePayload
from tests.hq.server import HQServer
from tests.sync.hq_world import PairedTill, paired_till
from tests.sync.test_members_via_hq import BAG, TEA, sync
from tests.sync.test_reprice_via_hq import tamper

MANAGER = ("9001", "王经理", "manager", "9999")


def staff_id(hq: HQServer, code: str) -> str:
    with hq.engine.connect() as conn:
        return conn.execute(select(hm.Staff.id).where(hm.Staff.code == code)).scalar_one()


def sell(till: PairedTill, line_off: int = 0, order_off: int = 0,
         approved_by: str | None = None) -> str:
    """BAG (¥129.00) and TEA (¥5.50), with the cashier's discounts as the till's cart keeps
    them (`approved_by`: the manager `till.discounts` recorded)."""
    cart = Cart()
    for code in (BAG, TEA):
        till.scanner.ring(cart, code)
    if line_off:
        cart.set_line_discount(cart.lines[0].line_id, line_off, "dented", approved_by)
    if order_off:
        cart.set_order_discount(order_off, "regular", approved_by)
    total = cart.totals().total
    return till.checkout.complete_sale(cart, [Tender(TenderKind.CASH, total)], till.cashier,
                                       till.shift).sale_id


def answer(hq: HQServer, sale_id: str) -> tuple[str, str, list[str]]:
    e, x = hm.Event.__table__, hm.SyncException.__table__
    with hq.engine.connect() as conn:
        ev = conn.execute(select(e.c.event_id, e.c.status, e.c.reason).where(
            e.c.entity_id == sale_id, e.c.type == "sale.completed")).one()
        kinds = list(conn.execute(select(x.c.kind).where(x.c.event_id == ev.event_id)).scalars())
    return ev.status, ev.reason or "", kinds


def booked(hq: HQServer, sale_id: str) -> int:
    with hq.engine.connect() as conn:
        return conn.execute(select(hm.Sale.total).where(hm.Sale.id == sale_id)).scalar_one()


@pytest.fixture
def till(hq: HQServer, tmp_path: Path) -> PairedTill:
    till = paired_till(hq, tmp_path, "T01")
    admin.create_staff(hq.engine, "S01", *MANAGER)
    return till


def test_a_discount_over_the_limit_approved_by_a_manager_is_booked_unflagged(hq, till):
    manager = staff_id(hq, MANAGER[0])
    line = sell(till, line_off=6000, approved_by=manager)  # ¥60 off: over ¥50
    order = sell(till, order_off=5500, approved_by=manager)
    small = sell(till, line_off=500)  # ¥5 off ¥129: the cashier's own
    sync(till)
    for sale_id in (line, order, small):
        assert answer(hq, sale_id) == ("accepted", "", [])


@pytest.mark.parametrize("scope", ["line", "order"])
@pytest.mark.parametrize("approver", ["none", "cashier"])
def test_a_discount_over_the_limit_without_a_managers_approval_is_flagged(
        hq, till, scope, approver):
    who = None if approver == "none" else till.cashier.id
    offs = {"line_off": 6000} if scope == "line" else {"order_off": 6000}
    sale_id = sell(till, approved_by=who, **offs)
    sync(till)
    status, reason, kinds = answer(hq, sale_id)
    assert status == "conflict" and kinds == ["flagged"]
    assert reason.startswith("manual_discount_unapproved:")
    assert ("line 1" if scope == "line" else "order discount") in reason
    assert ("no approver" in reason) == (who is None)
    assert booked(hq, sale_id) == 12900 + 550 - 6000  # applied: the money has left the store


def test_the_approver_travels_on_the_manual_adjustment_only_when_there_is_one(hq, till):
    manager = staff_id(hq, MANAGER[0])
    approved, alone = sell(till, order_off=6000, approved_by=manager), sell(till, line_off=500)
    with till.engine.connect() as conn:
        payloads = {r[0]: SalePayload.model_validate_json(r[1]) for r in conn.exec_driver_sql(
            "SELECT entity_id, payload FROM outbox_event WHERE type = 'sale.completed'")}
        raw = dict(conn.exec_driver_sql(
            "SELECT entity_id, payload FROM outbox_event WHERE type = 'sale.completed'").all())
    assert {a.approved_by for ln in payloads[approved].lines for a in ln.adjustments} \
        == {manager}
    assert "approved_by" not in json.loads(raw[alone])["lines"][0]["adjustments"][0]


def test_a_managers_own_sale_has_no_limit(hq, tmp_path):
    seed = paired_till(hq, tmp_path, "T01")  # seeds HQ; the manager then signs in at T02
    admin.create_staff(hq.engine, "S01", *MANAGER)
    sync(seed)
    till = paired_till(hq, tmp_path, "T02", cashier=MANAGER)
    sale_id = sell(till, line_off=9000)
    sync(till)
    assert answer(hq, sale_id) == ("accepted", "", [])


def test_a_sale_without_adjustments_is_bounded_as_the_cashiers_own_discounts(hq, till):
    """An older till (or one leaving the adjustments out) sends only line_discount: that is
    the cashier's discount, bounded the same way; the approver cannot hide with the rows."""
    manager = staff_id(hq, MANAGER[0])
    sale_id = sell(till, line_off=6000, approved_by=manager)
    tamper(till, sale_id, lambda p: p["lines"][0].pop("adjustments"))
    sync(till)
    status, reason, kinds = answer(hq, sale_id)
    assert (status, kinds) == ("conflict", ["flagged"])
    assert reason.startswith("manual_discount_unapproved:") and "no approver" in reason


def flagged_for_approver(hq: HQServer, sale_id: str, approver: str) -> None:
    status, reason, kinds = answer(hq, sale_id)
    assert (status, kinds) == ("conflict", ["flagged"])
    assert reason.startswith("manual_discount_unapproved:")
    assert f"approver {approver} is not a manager of the store" in reason
    assert booked(hq, sale_id) == 12900 + 550 - 6000  # applied, and flagged for a person


def test_an_approver_who_manages_another_store_is_flagged(hq, till):
    """A manager is one of HQ's managers *of the till's store*: one from another store
    cannot approve here (review 20 #7)."""
    admin.create_store(hq.engine, "S02", "二号店")
    admin.create_staff(hq.engine, "S02", "9002", "李经理", "manager", "9999")
    elsewhere = staff_id(hq, "9002")
    sale_id = sell(till, line_off=6000, approved_by=elsewhere)
    sync(till)
    flagged_for_approver(hq, sale_id, elsewhere)


def test_an_approver_deactivated_at_hq_is_flagged(hq, till):
    """A manager HQ has deactivated decides nothing any more, even if the till, not yet
    synced, still let them approve (review 20 #7)."""
    manager = staff_id(hq, MANAGER[0])
    admin.set_staff_active(hq.engine, MANAGER[0], False)
    sale_id = sell(till, order_off=6000, approved_by=manager)
    sync(till)
    flagged_for_approver(hq, sale_id, manager)
