"""The campaigns of issue 16 / PRODUCT §6 rung up to the fen: the 12.12 milk-powder BOGO
(and a return of one unit of its pair), 满300减30 / 满500减60, any 3 for ¥100, a member price
per tier, an exclusivity group, a non-stackable 满减, member-day points, and the hints."""

from __future__ import annotations

from datetime import datetime

import pytest

from pos_app.domain.promotions import (
    AmountOff,
    BundlePrice,
    BuyXGetY,
    FixedPrice,
    PercentOff,
    PointsMultiplier,
    PreviewProduct,
    PromotionError,
    SpendThreshold,
    Threshold,
    campaign_savings,
    hint_text,
    hints,
    of,
    order_percent_off,
    priced_json,
    refund_for_return,
)
from pos_app.errors import PosError
from tests.domain.promotions.shop import (
    AFTER_1212,
    COAT,
    MILK_400,
    MILK_900,
    ON_1212,
    SHIRT,
    SOCKS_A,
    SOCKS_B,
    SOCKS_C,
    TEA,
    cart,
    line,
    meta,
    offs,
    priced,
)

BOGO_1212 = BuyXGetY(meta("c-1212", "bogo", campaign_name="12.12 奶粉买一送一",
                          starts_at=datetime(2026, 12, 12), ends_at=datetime(2026, 12, 13),
                          priority=10),
                     of(categories=["milk"]), buy=1, get=1)
MANJIAN = SpendThreshold(meta("c-manjian", "tiers", campaign_name="满300减30 满500减60",
                              priority=50),
                         (Threshold(30000, 3000), Threshold(50000, 6000)))


def test_the_1212_bogo_gives_the_second_tin_free_to_the_fen():
    sale = priced(cart(line("L1", MILK_900, 2)), [BOGO_1212])
    assert sale.subtotal == 53600 and sale.total == 26800 and sale.discount_total == 26800
    (tins,) = sale.lines
    assert offs(tins) == [("c-1212/bogo", 26800)]
    assert tins.adjustments[0].rule.kind == "promo.buy_x_get_y"
    assert tins.adjustments[0].rule.name == "12.12 奶粉买一送一"
    assert tins.adjustments[0].reason == "buy 1 get 1 free"
    assert tins.tax == 3083  # round_half_up(26800 × 1300 / 11300)
    assert campaign_savings(sale)[0].amount == 26800


def test_returning_one_tin_of_a_bogo_pair_refunds_half_of_what_the_pair_cost():
    sale = priced(cart(line("L1", MILK_900, 2)), [BOGO_1212])
    first = refund_for_return(sale, "L1", 1)
    second = refund_for_return(sale, "L1", 1, returned_before=1)
    assert (first, second) == (13400, 13400)
    assert first + second == sale.total  # never more than was paid
    with pytest.raises(PosError) as err:
        refund_for_return(sale, "L1", 1, returned_before=2)
    assert err.value.code == "return_too_many"


def test_the_bogo_gift_is_the_cheaper_tin_and_returning_it_refunds_nothing():
    sale = priced(cart(line("big", MILK_900), line("small", MILK_400)), [BOGO_1212])
    big, small = sale.lines
    assert big.net == 26800 and small.net == 0 and offs(small) == [("c-1212/bogo", 12800)]
    assert refund_for_return(sale, "small", 1) == 0
    assert refund_for_return(sale, "big", 1) == 26800 <= sale.total


def test_three_tins_make_one_pair_and_the_campaign_stops_at_midnight_even_offline():
    three = cart(line("L1", MILK_900, 3))
    assert priced(three, [BOGO_1212]).total == 2 * 26800
    assert priced(three, [BOGO_1212], AFTER_1212).total == 3 * 26800


def test_man_jian_takes_the_highest_tier_reached_spread_by_largest_remainder():
    at_320 = priced(cart(line("a", TEA, 3), line("b", SHIRT)), [MANJIAN])
    assert at_320.total == 32000 - 3000
    assert [p.net for p in at_320.lines] == [12000 - 1125, 20000 - 1875]
    at_520 = priced(cart(line("a", TEA, 3), line("b", SHIRT, 2)), [MANJIAN])
    # 6000 × 12000/52000 = 1384.6, × 40000/52000 = 4615.4: the odd fen to the larger remainder
    assert [offs(p) for p in at_520.lines] == [[("c-manjian/tiers", 1385)],
                                              [("c-manjian/tiers", 4615)]]
    assert at_520.total == 46000
    assert priced(cart(line("a", SHIRT), line("b", TEA, 2)), [MANJIAN]).total == 28000  # 280


def test_man_jian_counts_what_the_bogo_left():
    # 2 tins (536.00 listed, 268.00 after the BOGO) + tea 40.00: 308.00 reaches 300 only
    sale = priced(cart(line("m", MILK_900, 2), line("t", TEA)), [BOGO_1212, MANJIAN])
    assert sale.total == 26800 + 4000 - 3000
    assert {s.campaign_id: s.amount for s in campaign_savings(sale)} == {
        "c-1212": 26800, "c-manjian": 3000}


def test_a_non_stackable_man_jian_is_the_customer_s_choice_against_the_other_campaigns():
    lone = SpendThreshold(meta("c-lone", "t", priority=50, stackable=False),
                          (Threshold(30000, 10000),))
    bogo_wins = priced(cart(line("m", MILK_900, 2), line("t", TEA)), [BOGO_1212, lone])
    assert bogo_wins.total == 26800 + 4000  # the BOGO saves 268.00, the 满减 only 100.00
    lone_wins = priced(cart(line("m", MILK_900, 1), line("t", TEA)), [BOGO_1212, lone])
    assert lone_wins.total == 26800 + 4000 - 10000
    assert [a.rule.rule_id for p in lone_wins.lines for a in p.adjustments] == ["c-lone/t"] * 2


def test_any_three_socks_for_100_yuan():
    bundle = BundlePrice(meta("c-socks", "any3", priority=20), of(tags=["socks"]), 3, 10000)
    sale = priced(cart(line("a", SOCKS_A), line("b", SOCKS_B), line("c", SOCKS_C)), [bundle])
    # saving 13.00 over 39/45/29: 448.67, 517.70, 333.63 → the two odd fen to b and a
    assert [p.net for p in sale.lines] == [3900 - 449, 4500 - 518, 2900 - 333]
    assert sale.total == 10000
    four = priced(cart(line("a", SOCKS_A), line("b", SOCKS_B, 2), line("c", SOCKS_C)),
                  [bundle])  # the dearest three are bundled, the 29.00 pair pays in full
    assert four.total == 10000 + 2900


def test_a_member_price_per_tier_and_never_above_what_is_left():
    price = FixedPrice(meta("c-vip", "coat", members_only=True, priority=30), of(["COAT"]),
                       8900, (("gold", 7900),))
    assert priced(cart(line("c", COAT)), [price]).total == 9900  # no member
    regular = priced(cart(line("c", COAT), member="m-1"), [price])
    assert offs(regular.lines[0]) == [("member-price", 400), ("c-vip/coat", 600)]
    assert priced(cart(line("c", COAT), member="m-1", tier="gold"), [price]).total == 7900
    cheap = FixedPrice(meta("c-vip", "coat"), of(["COAT"]), 12000)
    assert priced(cart(line("c", COAT)), [cheap]).total == 9900  # never a surcharge


def test_in_an_exclusivity_group_the_best_for_the_customer_wins():
    pct = PercentOff(meta("c-a", "pct", priority=10, group="milk"), of(categories=["milk"]), 20)
    amt = AmountOff(meta("c-b", "amt", priority=10, group="milk"), of(categories=["milk"]), 5000)
    dear = priced(cart(line("m", MILK_900)), [pct, amt])
    assert offs(dear.lines[0]) == [("c-a/pct", 5360)]  # 20 % of 268.00 beats 50.00
    cheap = priced(cart(line("m", MILK_400)), [amt, pct])
    assert offs(cheap.lines[0]) == [("c-b/amt", 5000)]  # 50.00 beats 20 % of 128.00


def test_a_group_must_have_its_priority_lane_to_itself():
    pct = PercentOff(meta("c-a", "pct", priority=10, group="g"), of(["TEA"]), 20)
    other = PercentOff(meta("c-b", "pct", priority=10), of(["TEA"]), 10)
    with pytest.raises(PromotionError) as err:
        priced(cart(line("t", TEA)), [pct, other])
    assert err.value.code == "promo_lane_shared" and err.value.params["priority"] == 10


def test_percent_ties_go_to_the_smaller_line_id_wherever_the_line_sits():
    half = order_percent_off(meta("c-half", "all"), 50)
    penny = PreviewProduct("P", 5)
    one = priced(cart(line("b", penny), line("a", penny)), [half])
    other = priced(cart(line("a", penny), line("b", penny)), [half])
    assert {p.line.line_id: p.net for p in one.lines} == {"a": 2, "b": 3}
    assert priced_json(one) == priced_json(other)


def test_member_day_points_are_a_campaign_for_members_only():
    days = PointsMultiplier(meta("c-day", "x2", starts_at=datetime(2026, 12, 12),
                                 ends_at=datetime(2026, 12, 13)), 2000)
    assert priced(cart(line("t", TEA)), [days]).points_permille == 1000
    sale = priced(cart(line("t", TEA), member="m-1"), [days])
    assert sale.points_permille == 2000 and sale.total == 4000
    assert sale.points[0].rule.rule_id == "c-day/x2" and sale.points[0].reason == "points ×2"


def test_hints_say_what_one_more_item_or_a_little_more_spend_would_get():
    one_tin = cart(line("m", MILK_900), line("t", TEA))
    found = hints(one_tin, [BOGO_1212, MANJIAN], ON_1212)
    # 308.00 already takes 30.00 off; 192.00 more reaches the 500.00 tier's 60.00
    assert [(h.rule.rule_id, h.kind, h.short, h.reward) for h in found] == [
        ("c-1212/bogo", "items", 1, 1), ("c-manjian/tiers", "spend", 19200, 6000)]
    assert hints(one_tin, [BOGO_1212, MANJIAN], ON_1212, max_spend=10000) == found[:1]
    assert hints(one_tin, [BOGO_1212], AFTER_1212) == ()  # the campaign is over
    texts = [hint_text(h) for h in found]
    assert texts[0] == "Add 1 more item for 12.12 奶粉买一送一"
    assert texts[1] == "Spend ¥192.00 more for ¥60.00 off (满300减30 满500减60)"
