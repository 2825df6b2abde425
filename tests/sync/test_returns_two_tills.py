"""Must hold (issue 18): a return can never refund more than was sold — quantities and
amounts — across tills and across partial returns, online and offline.

Two tills paired with a real HQ over HTTP: till A sells; till B returns part of it online
through HQ's receipt look-up; till A, online, sees B's return and cannot take back more;
till A offline returns the rest, then (knowing only its own rows) one unit more: HQ refuses
that one when it arrives. Neither till nor HQ ever holds more refunded than was paid.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from local_db.database import open_database
from pos_app.domain.cart import Cart
from pos_app.domain.tenders import Tender, TenderKind
from pos_app.errors import PosError
from pos_app.services.pairing import pair_with_hq
from pos_app.services.returns import ReturnService
from sync.client import HqClient
from sync.link import hq_link
from sync.round import sync_once
from tests.hq.server import HQServer
from tests.services.unit_world import COLA
from tests.sync.hq_world import PairedTill, paired_till


def sync(till: PairedTill) -> None:
    with till.client() as client:
        result = sync_once(till.engine, client)
    assert result.ok, result.error


def offline(url: str, token: str, **_tls: str) -> HqClient:
    """HQ out of reach: nothing listens on this port."""
    return HqClient("http://127.0.0.1:9", token, timeout=1.0, connect_timeout=0.5)


def hq_rows(hq: HQServer, sql: str, **params) -> list[tuple]:  # type: ignore[no-untyped-def]
    with hq.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql), params)]


@pytest.fixture
def sold(hq: HQServer, tmp_path: Path) -> tuple[PairedTill, PairedTill, str]:
    a, b = paired_till(hq, tmp_path, "T01"), paired_till(hq, tmp_path, "T02")
    cart = Cart()
    assert a.scanner.ring(cart, COLA, 3).quantity == 3
    done = a.checkout.complete_sale(cart, [Tender(TenderKind.CARD, 700),
                                           Tender(TenderKind.CASH, 500)], a.cashier, a.shift)
    sync(a)  # HQ holds the sale: 1050 fen, card 700 + cash 350 (150 change)
    return a, b, done.receipt_no


def test_no_till_refunds_more_than_was_sold(hq: HQServer, sold):  # type: ignore[no-untyped-def]
    a, b, receipt = sold
    at_b = ReturnService(b.engine, b.terminal)
    sale = at_b.find_sale(receipt)  # not B's: looked up at HQ
    assert sale.kind == "other_till" and sale.hq_checked and sale.lines[0].left == 3
    line_id = sale.lines[0].sale_line_id
    first = at_b.complete_return(receipt, {line_id: 2}, b.cashier, b.shift)
    assert first.kind == "other_till" and first.refund_total == 700
    assert sum(p.amount for p in first.refunds) == 700
    sync(b)
    assert hq_rows(hq, "SELECT status FROM event WHERE entity_id = :id",
                   id=first.return_id) == [("accepted",)]
    assert hq_rows(hq, "SELECT kind, sale_id FROM sale_return WHERE id = :id",
                   id=first.return_id) == [("other_till", sale.sale_id)]

    # A online: B's return is counted, one unit is left
    online_a = ReturnService(a.engine, a.terminal)
    seen = online_a.find_sale(receipt)
    assert seen.kind == "receipt" and seen.hq_checked and seen.lines[0].left == 1
    with pytest.raises(PosError) as info:
        online_a.complete_return(receipt, {line_id: 2}, a.cashier, a.shift)
    assert info.value.code == "return_too_many"

    # A offline: the rest (1) is right; one more is all A's rows allow, and HQ refuses it
    offline_a = ReturnService(a.engine, a.terminal, client_factory=offline)
    assert offline_a.find_sale(receipt).hq_checked is False
    rest = offline_a.complete_return(receipt, {line_id: 1}, a.cashier, a.shift)
    over = offline_a.complete_return(receipt, {line_id: 1}, a.cashier, a.shift)
    assert rest.refund_total == 350 and over.refund_total == 350
    sync(a)
    status = dict(hq_rows(hq, "SELECT entity_id, status FROM event WHERE type = "
                          "'return.completed'"))
    assert status[rest.return_id] == "accepted" and status[over.return_id] == "conflict"

    # HQ's books: never more returned than sold, nor refunded than paid, per tender too
    assert hq_rows(hq, "SELECT sum(l.quantity), sum(l.amount) FROM return_line l "
                   "JOIN sale_return r ON r.id = l.return_id WHERE r.sale_id = :s",
                   s=sale.sale_id) == [(3, 1050)]
    by_tender = dict(hq_rows(hq, "SELECT t.kind, sum(t.amount) FROM refund_tender t JOIN "
                             "sale_return r ON r.id = t.return_id WHERE r.sale_id = :s "
                             "GROUP BY t.kind", s=sale.sale_id))
    assert by_tender["card"] <= 700 and by_tender["cash"] <= 350
    assert sum(by_tender.values()) == 1050

    # and online again, neither till offers anything more
    sync(b)
    assert ReturnService(b.engine, b.terminal).find_sale(receipt).lines[0].left <= 0
    assert online_a.find_sale(receipt).lines[0].left <= 0


def test_another_tills_receipt_offline_is_said_clearly(hq: HQServer, sold):  # type: ignore[no-untyped-def]
    _a, b, receipt = sold
    with pytest.raises(PosError) as info:
        ReturnService(b.engine, b.terminal, client_factory=offline).find_sale(receipt)
    assert info.value.code == "return_receipt_elsewhere_offline"
    assert receipt in info.value.message()
    with pytest.raises(PosError) as unknown:
        ReturnService(b.engine, b.terminal).find_sale("S01-T01-999999")
    assert unknown.value.code == "sale_not_found"  # HQ answered: no such receipt


def test_the_look_up_answers_a_till_of_the_same_store_only(hq: HQServer, sold, tmp_path):  # type: ignore[no-untyped-def]
    a, _b, receipt = sold
    with a.client() as client:
        found = client.return_receipt(receipt)
    assert found.receipt_no == receipt and found.lines[0].quantity == 3
    engine = open_database(tmp_path / "s02.db")
    try:
        pair_with_hq(engine, hq.url, hq.enroll("S02", "T01"), "till of another store")
        link = hq_link(engine)
        assert link is not None
        with HqClient(hq.url, link.token) as other, pytest.raises(PosError) as info:
            other.return_receipt(receipt)
        assert info.value.code == "hq_refused" and info.value.params["status"] == 404
    finally:
        engine.dispose()


def test_another_tills_unit_comes_back_in_stock_at_both(hq: HQServer, tmp_path: Path, capsys):  # type: ignore[no-untyped-def]
    from hq.cli import main as hq_cli

    a, b = paired_till(hq, tmp_path, "T01"), paired_till(hq, tmp_path, "T02")
    csv_path = tmp_path / "units.csv"
    csv_path.write_text("sku,serial\nSKU-BAG,SN1\n", encoding="utf-8")
    assert hq_cli(["admin", "receive-units", "S01", str(csv_path),
                   "--database-url", hq.database_url]) == 0
    capsys.readouterr()
    sync(a)
    cart = Cart()
    a.scanner.ring(cart, "SFU:SKU-BAG:SN1")
    done = a.checkout.complete_sale(cart, [Tender(TenderKind.CASH, 12900)], a.cashier, a.shift)
    sync(a)
    sync(b)  # B's registry: the unit is sold (by a sale B does not hold)
    at_b = ReturnService(b.engine, b.terminal)
    sale = at_b.find_sale(f"SFR:{done.sale_id}")  # the receipt's QR
    assert sale.kind == "other_till" and sale.lines[0].unit_code == "sku:SKU-BAG:SN1"
    back = at_b.complete_return(f"SFR:{done.sale_id}", {sale.lines[0].sale_line_id: 1},
                                b.cashier, b.shift)
    assert back.unit_keys == ("sku:SKU-BAG:SN1",)
    with b.engine.connect() as conn:
        assert conn.execute(text("SELECT state FROM unit WHERE unit_key = 'sku:SKU-BAG:SN1'")
                            ).scalar() == "in_stock"
    sync(b)
    assert hq_rows(hq, "SELECT status FROM event WHERE entity_id = :i", i=back.return_id) == [
        ("accepted",)]
    assert hq_rows(hq, "SELECT state FROM unit WHERE unit_key = 'sku:SKU-BAG:SN1'") == [
        ("in_stock",)]


def test_a_members_sale_returned_at_another_till_reverses_its_points(hq: HQServer,
                                                                      tmp_path: Path):
    from pos_app.services.members import MemberService

    a, b = paired_till(hq, tmp_path, "T01"), paired_till(hq, tmp_path, "T02")
    member = MemberService(a.engine, a.terminal).enroll("陈静", "13812345678", a.cashier)
    cart = Cart()
    a.scanner.ring(cart, "6937654321097")  # ¥129.00
    cart.attach_member(member.id)
    done = a.checkout.complete_sale(cart, [Tender(TenderKind.CASH, 12900)], a.cashier, a.shift)
    assert done.points_earned > 0
    sync(a)
    sync(b)
    at_b = ReturnService(b.engine, b.terminal)
    sale = at_b.find_sale(done.receipt_no)
    assert sale.member_id == member.id and sale.points_earned == done.points_earned
    back = at_b.complete_return(done.receipt_no, {sale.lines[0].sale_line_id: 1}, b.cashier,
                                b.shift)
    assert back.points_reversed == done.points_earned  # a full return takes all of them back
    sync(b)
    ((status, reason),) = hq_rows(hq, "SELECT status, reason FROM event WHERE entity_id = :i",
                                  i=back.return_id)
    assert status == "accepted", reason  # HQ computed the same points
