"""The member price end to end: HQ sets it, a paired till pulls it, charges it to a member's
sale (not to a walk-in), and HQ books the sale with the till's own totals and points,
unflagged; a line charged below HQ's member price is flagged. Real HQ over HTTP."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from sqlalchemy import select, text

from hq import catalog
from hq import models as hm
from pos_app.domain.cart import Cart
from pos_app.domain.tenders import Tender, TenderKind
from pos_app.services.members import MemberService
from tests.hq.server import HQServer
from tests.sync.hq_world import PairedTill, paired_till
from tests.sync.test_members_via_hq import BAG, TEA, sync

PHONE = "13812345678"


def set_member_price(hq: HQServer, tmp: Path, sku: str, member_fen: int) -> None:
    """HQ's catalogue import, as staff run it: the change reaches tills on their next pull."""
    with hq.engine.connect() as conn:
        p = conn.execute(select(hm.Product.__table__).where(hm.Product.sku == sku)).one()
        code = conn.execute(select(hm.Barcode.code).where(hm.Barcode.product_id == p.id)
                            ).scalar()
    path = tmp / "member-prices.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["sku", "name_zh", "name_en", "barcode", "price", "member_price"])
        w.writerow([sku, p.name_zh, p.name_en, code, f"{p.price / 100:.2f}",
                    f"{member_fen / 100:.2f}"])
    catalog.import_products(hq.engine, path)


def sell(till: PairedTill, member_id: str | None, *codes: str) -> tuple[str, Cart]:
    cart = Cart()
    for code in codes:
        till.scanner.ring(cart, code)
    if member_id:
        cart.attach_member(member_id)
    total = cart.totals().total
    done = till.checkout.complete_sale(cart, [Tender(TenderKind.CASH, total)], till.cashier,
                                       till.shift)
    return done.sale_id, cart


def till_sale(till: PairedTill, sale_id: str) -> tuple:
    with till.engine.connect() as conn:
        return tuple(conn.execute(text(
            "SELECT subtotal, discount_total, total, tax_total FROM sale WHERE id=:s"),
            {"s": sale_id}).one())


def hq_sale(hq: HQServer, sale_id: str) -> tuple:
    s = hm.Sale.__table__
    with hq.engine.connect() as conn:
        return tuple(conn.execute(select(s.c.subtotal, s.c.discount_total, s.c.total,
                                         s.c.tax_total).where(s.c.id == sale_id)).one())


def event_answer(hq: HQServer, sale_id: str) -> tuple[str, str]:
    e = hm.Event.__table__
    with hq.engine.connect() as conn:
        row = conn.execute(select(e.c.status, e.c.reason).where(e.c.entity_id == sale_id)
                           ).one()
    return row.status, row.reason


def test_a_member_is_charged_hqs_member_price_and_hq_books_the_tills_totals(
        hq: HQServer, tmp_path: Path):
    till = paired_till(hq, tmp_path, "T01")
    set_member_price(hq, tmp_path, "SKU-BAG", 9900)  # list ¥129.00, members ¥99.00
    sync(till)
    member = MemberService(till.engine, till.terminal).enroll("陈静", PHONE, till.cashier)
    member_sale, _ = sell(till, member.id, BAG, TEA)
    walk_in, _ = sell(till, None, BAG)
    assert till_sale(till, member_sale)[:3] == (12900 + 550, 3000, 9900 + 550)
    assert till_sale(till, walk_in)[:3] == (12900, 0, 12900)
    with till.engine.connect() as conn:
        adjustments = conn.execute(text(
            "SELECT kind, rule_id, amount, scope FROM sale_line_adjustment WHERE sale_id=:s"),
            {"s": member_sale}).all()
        payload = json.loads(conn.execute(text(
            "SELECT payload FROM outbox_event WHERE entity_id=:s AND type='sale.completed'"),
            {"s": member_sale}).scalar_one())
    assert [tuple(a) for a in adjustments] == [("member_price", "member-price", 3000, "line")]
    bag_line = next(ln for ln in payload["lines"] if ln["sku"] == "SKU-BAG")
    assert bag_line["unit_price"] == 12900 and bag_line["line_discount"] == 3000
    assert [a["kind"] for a in bag_line["adjustments"]] == ["member_price"]
    tea_line = next(ln for ln in payload["lines"] if ln["sku"] == "SKU-TEA")
    assert "adjustments" not in tea_line  # nothing off: the line is sent as before

    sync(till)
    assert event_answer(hq, member_sale) == ("accepted", "")
    assert event_answer(hq, walk_in) == ("accepted", "")
    assert hq_sale(hq, member_sale) == till_sale(till, member_sale)
    assert hq_sale(hq, walk_in) == till_sale(till, walk_in)
    with hq.engine.connect() as conn:
        earned = conn.execute(select(hm.PointsLedger.delta).where(
            hm.PointsLedger.sale_id == member_sale, hm.PointsLedger.reason == "earned")
        ).scalar_one()
    assert earned == (9900 + 550) // 100  # HQ's figure is the till's: on what was paid


def test_a_line_charged_below_hqs_member_price_is_flagged(hq: HQServer, tmp_path: Path):
    till = paired_till(hq, tmp_path, "T01")
    set_member_price(hq, tmp_path, "SKU-BAG", 9900)
    sync(till)
    with till.engine.begin() as conn:  # this till's copy says ¥79.00: stale or tampered
        conn.execute(text("UPDATE product SET member_price=7900 WHERE sku='SKU-BAG'"))
    member = MemberService(till.engine, till.terminal).enroll("陈静", PHONE, till.cashier)
    sale_id, _ = sell(till, member.id, BAG)
    sync(till)
    status, reason = event_answer(hq, sale_id)
    assert status == "conflict" and reason.startswith("below_hq_price:")
    assert "at 7900 fen, HQ's member price 9900 fen" in reason
    assert hq_sale(hq, sale_id) == till_sale(till, sale_id)  # booked as sold, and flagged


def test_a_member_price_on_a_walk_ins_sale_is_flagged(hq: HQServer, tmp_path: Path):
    """A till that takes the member price off without a member (a forged or broken till):
    HQ books the sale as sent and flags it for a person."""
    till = paired_till(hq, tmp_path, "T01")
    set_member_price(hq, tmp_path, "SKU-BAG", 9900)
    sync(till)
    sale_id, _ = sell(till, None, BAG)
    with till.engine.begin() as conn:
        raw = conn.execute(text("SELECT payload FROM outbox_event WHERE entity_id=:s AND "
                                "type='sale.completed'"), {"s": sale_id}).scalar_one()
        p = json.loads(raw)
        (line,) = p["lines"]
        line.update(line_discount=3000, net=9900, tax=1139, adjustments=[{
            "kind": "member_price", "rule_id": "member-price", "name": "Member price",
            "reason": "", "amount": 3000, "scope": "line"}])
        p.update(discount_total=3000, total=9900, tax_total=1139, change=p["paid"] - 9900)
        conn.execute(text("UPDATE outbox_event SET payload=:p WHERE entity_id=:s AND "
                          "type='sale.completed'"), {"p": json.dumps(p), "s": sale_id})
    sync(till)
    status, reason = event_answer(hq, sale_id)
    assert status == "conflict" and reason.startswith("below_hq_price:")
    assert "at 9900 fen, HQ's price 12900 fen" in reason
