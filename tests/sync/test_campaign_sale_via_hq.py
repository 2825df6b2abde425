"""A campaign created at HQ prices the next sale at a paired till, end to end (real HQ over
HTTP on 127.0.0.1, the till's own services as TillServices.build wires them: no pricing
swapped in): the sale rows keep the campaign's adjustment, sale.completed carries it, HQ
books the same totals without a flag; once HQ ends the campaign, the next pull stops it at
once (the pull's change notice drops the till's parsed rules)."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import text

from hq import admin
from pos_app.domain.cart import Cart
from pos_app.domain.tenders import Tender, TenderKind
from tests.hq.server import HQServer
from tests.sync.hq_world import PairedTill, paired_till
from tests.sync.test_members_via_hq import sync
from tests.sync.test_promotions_via_hq import BOGO, promo

COLA = "6901234567892"  # SKU-COLA, ¥3.50


def cart_of(till: PairedTill, *codes: str) -> Cart:
    cart = Cart()
    for code in codes:
        till.scanner.ring(cart, code)
    return cart


def sell(till: PairedTill, cart: Cart) -> str:
    total = till.checkout.pricing.price(cart).total
    return till.checkout.complete_sale(cart, [Tender(TenderKind.CASH, total)], till.cashier,
                                       till.shift).sale_id


def rows(till: PairedTill, sql: str, **params: object) -> list[tuple]:
    with till.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql), params).all()]


def test_a_campaign_made_at_hq_prices_the_next_sale_and_hq_books_the_same(
        hq: HQServer, tmp_path: Path):
    till = paired_till(hq, tmp_path, "T01")
    assert till.checkout.pricing.price(cart_of(till, COLA, COLA)).total == 700
    promo(hq, "create-campaign", "可乐买一送一", "--id", "c-cola")
    promo(hq, "add-rule", "c-cola", json.dumps(BOGO))
    sync(till)
    sale_id = sell(till, cart_of(till, COLA, COLA))
    assert rows(till, "SELECT total, discount_total FROM sale WHERE id=:s", s=sale_id) == [
        (350, 350)]
    assert rows(till, "SELECT kind, rule_id, name, amount FROM sale_line_adjustment "
                "WHERE sale_id=:s", s=sale_id) == [
        ("promo.buy_x_get_y", "c-cola/bogo", "可乐买一送一", 350)]
    (payload,) = rows(till, "SELECT payload FROM outbox_event WHERE entity_id=:s AND "
                      "type='sale.completed'", s=sale_id)
    (line,) = json.loads(payload[0])["lines"]
    assert [(a["rule_id"], a["amount"]) for a in line["adjustments"]] == [("c-cola/bogo", 350)]

    sync(till)
    with hq.engine.connect() as conn:
        assert tuple(conn.execute(text(
            "SELECT s.total, s.discount_total, e.status FROM sale s JOIN event e "
            "ON e.event_id = s.event_id WHERE s.id=:s"), {"s": sale_id}).one()) == (
            350, 350, "accepted")
        assert conn.execute(text("SELECT rule_id, amount FROM sale_line_adjustment "
                                 "WHERE sale_id=:s"), {"s": sale_id}).all() == [
            ("c-cola/bogo", 350)]
    assert not [e for e in admin.list_exceptions(hq.engine) if e["kind"] == "flagged"]

    cart = cart_of(till, COLA, COLA)
    assert till.checkout.pricing.price(cart).total == 350  # the rules are cached now
    promo(hq, "end", "c-cola")
    sync(till)
    assert till.checkout.pricing.price(cart).total == 700  # ended: stopped on this pull
