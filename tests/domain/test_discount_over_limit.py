"""The one rule for "over the cashier's limit" (20-L2), as the till asks it before a discount
and HQ asks it of a sold sale: a line discount judged on what the line came to after the
automatic rules, the order discount on what was left before order-level amounts, past
either limit (percentage or fen)."""

from __future__ import annotations

from pos_app.domain.discounts import DiscountLimits, OverLimit, SoldAdjustment, over_limit

TEN_PCT_50 = DiscountLimits()  # 10 %, ¥50


def test_a_line_discount_is_judged_on_the_line_after_its_automatic_rules():
    member = SoldAdjustment("member_price", 2000, "line")
    within = SoldAdjustment("manual_line", 1000, "line", None)  # 10 % of 10,000 after member
    assert over_limit(TEN_PCT_50, [(1, 12000, [member, within])]) == []
    past = SoldAdjustment("manual_line", 1001, "line", "m1")
    assert over_limit(TEN_PCT_50, [(1, 12000, [member, past])]) == [
        OverLimit(1, 1001, 10000, "m1")]


def test_the_fen_cap_holds_on_a_dear_line():
    off = SoldAdjustment("manual_line", 5001, "line")  # 1.7 % of ¥3,000, but over ¥50
    assert [o.line_no for o in over_limit(TEN_PCT_50, [(3, 300000, [off])])] == [3]


def test_the_order_discount_is_one_amount_over_every_lines_share():
    a = SoldAdjustment("manual_order", 700, "order", "m1")
    b = SoldAdjustment("manual_order", 400, "order", "m1")
    lines = [(1, 7000, [a]), (2, 4000, [b])]  # ¥11 off ¥110: 10 % exactly
    assert over_limit(TEN_PCT_50, lines) == []
    lines[0] = (1, 6990, [a])  # ¥11 off ¥109.90: past 10 %
    assert over_limit(TEN_PCT_50, lines) == [OverLimit(0, 1100, 10990, "m1")]


def test_a_manager_limit_of_everything_flags_nothing():
    off = SoldAdjustment("manual_line", 9000, "line")
    assert over_limit(DiscountLimits(10_000, 10**9), [(1, 9000, [off])]) == []
