"""The till prices with HQ's campaigns it holds (issue 16 item 3): a real SQLite file, the
campaigns written the way a pull writes them, the sale committed and returned for real."""

from __future__ import annotations

import json
from datetime import timedelta

from devices.printer.escpos_render import encode_text, render_receipt
from pos_app.domain.cart_snapshot import cart_from_dict, cart_to_dict
from tests.services.campaign_world import (
    BOGO,
    DEC_12,
    DEC_13,
    MILK,
    SOCKS,
    SOCKS_BUNDLE,
    add_campaign_products,
    campaign_till,
    pull,
)
from tests.services.unit_world import COLA, pay_cash, rows


def test_the_1212_bogo_gives_one_tin_of_two_free_and_the_sale_keeps_it(world):
    add_campaign_products(world)
    pull(world, BOGO)
    till = campaign_till(world)
    till.sale.ring(MILK)
    till.sale.ring(MILK)
    totals = till.sale.totals()
    assert (totals.subtotal, totals.discount_total, totals.total) == (53600, 26800, 26800)
    done = pay_cash(till)
    assert rows(world, "SELECT kind, rule_id, name, amount, scope FROM sale_line_adjustment "
                "WHERE sale_id=?", done.sale_id) == [
        ("promo.buy_x_get_y", "c-1212-milk/bogo", "12.12 奶粉买一送一", 26800, "line")]
    assert rows(world, "SELECT quantity, line_discount, net FROM sale_line WHERE sale_id=?",
                done.sale_id) == [(2, 26800, 26800)]
    (payload,) = rows(world, "SELECT payload FROM outbox_event WHERE entity_id=? AND "
                      "type='sale.completed'", done.sale_id)
    (line,) = json.loads(payload[0])["lines"]
    assert [(a["rule_id"], a["amount"]) for a in line["adjustments"]] == [
        ("c-1212-milk/bogo", 26800)]


def test_returning_one_tin_of_a_bogo_pair_refunds_half_the_line_net(world):
    add_campaign_products(world)
    pull(world, BOGO)
    till = campaign_till(world)
    till.sale.ring(MILK, 2)
    done = pay_cash(till)
    sale = till.returns.find_sale(f"SFR:{done.sale_id}")
    (line,) = sale.lines
    first = till.returns.complete(f"SFR:{done.sale_id}", {line.sale_line_id: 1})
    assert first.refund_total == 13400  # ¥268 paid for two tins: ¥134 each, never ¥268
    second = till.returns.complete(f"SFR:{done.sale_id}", {line.sale_line_id: 1})
    assert first.refund_total + second.refund_total == 26800  # never more than was paid


def test_a_campaign_stops_by_the_tills_clock_at_its_end_with_no_pull(world):
    add_campaign_products(world)
    pull(world, BOGO)
    till = campaign_till(world, DEC_13 - timedelta(seconds=1))
    till.sale.ring(MILK, 2)
    assert till.sale.totals().total == 26800
    till._s.pricing.clock = lambda: DEC_13  # the end is exclusive
    assert till.sale.totals().total == 53600


def test_an_ended_campaign_stops_on_the_next_price_after_its_pull(world):
    add_campaign_products(world)
    pull(world, BOGO)
    till = campaign_till(world)
    till.sale.ring(MILK, 2)
    assert till.sale.totals().total == 26800  # parsed and cached now
    pull(world, BOGO, status="ended")  # the commit's notice drops the cached rules
    assert till.sale.totals().total == 53600
    pull(world, BOGO)
    assert till.sale.totals().total == 26800


def test_savings_per_campaign_and_hints_come_and_go(world):
    add_campaign_products(world)
    pull(world, BOGO, SOCKS_BUNDLE)
    till = campaign_till(world)
    till.sale.ring(MILK)
    shown = till.sale.shown()
    assert shown.savings == ()
    assert shown.hints == ("Add 1 more item for 12.12 奶粉买一送一",)
    till.sale.ring(MILK)
    till.sale.ring(SOCKS, 2)
    shown = till.sale.shown()
    assert shown.hints == ("Add 1 more item for 袜子3双90元",)
    till.sale.ring(SOCKS)
    shown = till.sale.shown()
    assert shown.hints == ()
    assert [(s.campaign_id, s.name, s.amount) for s in shown.savings] == [
        ("c-1212-milk", "12.12 奶粉买一送一", 26800), ("c-socks", "袜子3双90元", 1500)]
    assert shown.campaign_saving == 28300 == shown.totals.discount_total


def test_campaigns_select_by_category_and_tags_from_the_product_row(world):
    add_campaign_products(world)
    till = campaign_till(world)
    milk = till.sale.ring(MILK).product
    socks = till.sale.ring(SOCKS).product
    assert (milk.category, milk.tags) == ("milk", ())
    assert socks.tags == ("socks", "cotton")
    assert till.sale.search("棉袜")[0].snapshot.tags == ("socks", "cotton")
    again = cart_from_dict(cart_to_dict(till.cart))
    assert [ln.product for ln in again.lines] == [milk, socks]


def test_a_parked_cart_from_before_campaigns_still_loads(world):
    till = campaign_till(world)
    till.sale.ring(COLA)
    old = cart_to_dict(till.cart)
    for line in old["lines"]:
        del line["product"]["category"], line["product"]["tags"]
    (line,) = cart_from_dict(old).lines
    assert (line.product.category, line.product.tags) == ("", ())


def test_a_till_without_campaigns_prices_as_before(world):
    till = campaign_till(world, DEC_12)
    till.sale.ring(COLA, 2)
    shown = till.sale.shown()
    assert (shown.totals.total, shown.savings, shown.hints) == (700, (), ())


def test_the_bogo_receipt_prints_the_campaign_and_the_saving(world):
    add_campaign_products(world)
    pull(world, BOGO)
    till = campaign_till(world)
    till.sale.ring(MILK, 2)
    receipt = till.receipts.receipt(pay_cash(till).sale_id)
    assert receipt.campaigns == (("12.12 奶粉买一送一", 26800),)
    data = render_receipt(receipt, 32)
    assert encode_text("12.12 奶粉买一送一") in data
    assert encode_text("共节省") in data and encode_text("-￥268.00") in data


def test_a_parked_bogo_sale_is_listed_and_resumed_at_the_price_the_screen_showed(world):
    add_campaign_products(world)
    pull(world, BOGO)
    till = campaign_till(world)
    till.sale.ring(MILK, 2)
    parked = till.held.park()
    assert parked.total == 26800  # what the customer would pay, not the ¥536 before it
    assert [p.total for p in till.held.parked()] == [26800]
    assert till.held.resume(parked.id).total == 26800
