"""The till's own Cart prices through the promotions as it is today: SKU sets match its
ProductSnapshot; category and tag sets wait for the snapshot to carry them. Two tins on two
lines share the BOGO by line id, wherever they sit in the cart."""

from __future__ import annotations

from pos_app.domain.cart import Cart, ProductSnapshot
from pos_app.domain.pricing import CART_RULES
from pos_app.domain.promotions import (
    BuyXGetY,
    PercentOff,
    hint_text,
    hints,
    of,
    price_promotions,
    priced_json,
    refund_for_return,
)
from pos_app.i18n import set_language
from tests.domain.promotions.shop import MILK_900, ON_1212, cart, line, meta, priced

TIN = ProductSnapshot("p-milk", "MILK-900", "奶粉900g", 26800, member_price=25800)


def test_the_till_cart_is_priced_by_sku_rules_after_its_member_price():
    bogo = BuyXGetY(meta("c-1212", "bogo", priority=10), of(skus=["MILK-900"]), 1)
    by_category = PercentOff(meta("c-cat", "milk", priority=20), of(categories=["milk"]), 10)
    till = Cart()
    till.add(TIN, 2)
    till.attach_member("m-1", "gold")
    sale = price_promotions(till, [*CART_RULES, bogo, by_category], ON_1212)
    (tins,) = sale.lines
    assert [(a.rule.rule_id, a.amount) for a in tins.adjustments] == [
        ("member-price", 2000), ("c-1212/bogo", 25800)]  # no category on the snapshot yet
    assert sale.total == 25800
    assert refund_for_return(sale, tins.line.line_id, 1) == 12900


def test_two_tins_on_two_lines_give_the_gift_to_the_smaller_line_id_in_any_order():
    bogo = BuyXGetY(meta("c-1212", "bogo", priority=10), of(skus=["MILK-900"]), 1)
    forward = priced(cart(line("u-2", MILK_900), line("u-1", MILK_900)), [bogo])
    backward = priced(cart(line("u-1", MILK_900), line("u-2", MILK_900)), [bogo])
    assert priced_json(forward) == priced_json(backward)
    nets = {p.line.line_id: p.net for p in forward.lines}
    assert nets == {"u-1": 26800, "u-2": 0}  # dearest first, ties by line id: u-2 is the gift
    assert refund_for_return(forward, "u-2", 1) == 0
    assert refund_for_return(forward, "u-1", 1) == 26800


def test_a_hint_reads_in_chinese_for_a_chinese_till():
    bogo = BuyXGetY(meta("c-1212", "bogo", campaign_name="12.12 奶粉买一送一", priority=10),
                    of(skus=["MILK-900"]), 1)
    one = cart(line("u-1", MILK_900))
    (hint,) = hints(one, [bogo], ON_1212)
    set_language("zh_CN")
    assert hint_text(hint) == "再加 1 件可享12.12 奶粉买一送一"
