"""Campaign ROI arithmetic (issue 16 item 6), worked to the fen: an order with two campaigns
counted once (its net, cost and discount split by the adjustments), gifts at cost, margin,
members reached and new, lift against the period before and against the holdout."""

from __future__ import annotations

from pos_app.domain.promotions.holdout import held_out
from pos_app.domain.promotions.roi import (
    AdjustmentFact,
    CampaignFacts,
    LineFact,
    Members,
    campaign_roi,
    gift_units,
    orders_once,
    shares,
)

BOGO = CampaignFacts("c-bogo", "奶粉买一送一", 500, frozenset({"c-bogo/bogo"}))
TEN_OFF = CampaignFacts("c-off", "满减")
MILK, TEA = 15000, 2500  # cost prices
M1, M2, M3, M4 = "m-3", "m-7", "m-0", "m-1"  # for c-bogo at 500 ‰: M1, M2 treated


def bogo(amount: int) -> AdjustmentFact:
    return AdjustmentFact("c-bogo", "c-bogo/bogo", amount)


def ten(amount: int) -> AdjustmentFact:
    return AdjustmentFact("c-off", "c-off/ten", amount)


# S1 (M1): 2 tins at 268.00, one free, then 10.00 off the order split 8.70 / 1.30
L1 = LineFact("S1", M1, "MILK", 2, 53600, 53600 - 26800 - 870, MILK, (bogo(26800), ten(870)))
L2 = LineFact("S1", M1, "TEA", 1, 4000, 4000 - 130, TEA, (ten(130),))
L3 = LineFact("S2", None, "MILK", 3, 80400, 80400 - 26800, MILK, (bogo(26800),))  # walk-in
L4 = LineFact("S3", M2, "TEA", 2, 8000, 8000, TEA)
L5 = LineFact("S4", M3, "MILK", 1, 26800, 26800, MILK)  # held out: no benefit
WINDOW = [L1, L2, L3, L4, L5]
BEFORE = [LineFact("S0", None, "MILK", 1, 26800, 26800, MILK),
          LineFact("S9", M4, "MILK", 2, 53600, 53600, MILK),
          LineFact("S8", None, "TEA", 1, 4000, 4000, TEA)]
MEMBERS = Members(ids=(M1, M2, M3, M4), new_in_window=(M1,))


def test_the_holdout_members_are_the_ones_the_example_says():
    assert [held_out("c-bogo", m, 500) for m in (M1, M2, M3, M4)] == [False, False, True, True]


def test_a_line_of_two_campaigns_is_split_by_their_adjustments():
    # net 25930 over 26800 : 870 → 25114.71 / 815.28: the odd fen to the larger remainder
    # cost 30000 over the same → 29057.46 / 943.25 → 29057 / 943 (no fen left over)
    assert shares(L1) == {"c-bogo": (25115, 29057), "c-off": (815, 943)}


def test_gift_units_are_the_free_units_of_buy_x_get_y():
    assert gift_units(L1, BOGO.gift_rules) == 1  # 26800 × 2 / 53600
    assert gift_units(L3, BOGO.gift_rules) == 1  # 26800 × 3 / 80400
    assert gift_units(L1, frozenset()) == 0
    # after a member price of 250.00 a tin, the free tin is worth 250.00: still one unit
    member = LineFact("S5", M1, "MILK", 2, 53600, 25000, MILK,
                      (AdjustmentFact(None, "member-price", 3600), bogo(25000)))
    assert gift_units(member, BOGO.gift_rules) == 1


def test_the_bogo_campaign_worked_to_the_fen():
    r = campaign_roi(BOGO, WINDOW, BEFORE, MEMBERS)
    assert (r.orders, r.units) == (2, 5)  # S1 and S2; 2 + 3 tins
    assert r.discount == 26800 + 26800
    assert r.revenue == 25115 + 53600  # its share of L1, all of L3
    assert r.cost == 29057 + 3 * MILK
    assert r.margin == 78715 - 74057 == 4658
    assert (r.gift_units, r.gift_cost) == (2, 2 * MILK)
    assert r.uncosted_units == 0
    assert (r.members_reached, r.new_members) == (1, 1)  # M1, enrolled in the window
    # the products it touched (MILK): 25930 + 53600 + 26800 now, 26800 + 53600 before
    assert (r.revenue_products, r.revenue_before) == (106330, 80400)
    assert r.incremental_vs_before == 25930
    # treated M1 29800 + M2 8000 over 2; held out M3 26800 + M4 0 over 2
    assert (r.treated_members, r.treated_spend) == (2, 37800)
    assert (r.holdout_members, r.holdout_spend) == (2, 26800)
    assert r.per_member(r.treated_spend, 2) == 18900 and r.per_member(26800, 2) == 13400
    assert r.incremental_vs_holdout == (18900 - 13400) * 2 == 11000


def test_the_second_campaign_of_the_order_and_the_total_count_it_once():
    bogo_r = campaign_roi(BOGO, WINDOW, BEFORE, MEMBERS)
    off = campaign_roi(TEN_OFF, WINDOW, BEFORE, MEMBERS)
    assert (off.orders, off.units, off.discount) == (1, 3, 1000)
    assert (off.revenue, off.cost, off.margin) == (815 + 3870, 943 + TEA, 4685 - 3443)
    assert off.incremental_vs_holdout is None  # nobody held out
    assert (off.treated_members, off.treated_spend) == (4, 29800 + 8000 + 26800)
    total = orders_once([bogo_r, off], WINDOW)
    assert total == {"orders": 2, "discount": 54600, "revenue": 83400}
    assert total["revenue"] == L1.net + L2.net + L3.net  # every touched line once


def test_a_product_without_a_cost_is_counted_apart():
    line = LineFact("S7", None, "NEW", 2, 2000, 1000, None, (bogo(1000),))
    r = campaign_roi(BOGO, [line])
    assert (r.cost, r.gift_units, r.gift_cost, r.uncosted_units) == (0, 1, 0, 2)
    assert r.incremental_vs_holdout is None  # no members at all
