"""The reconciliation arithmetic (pos_app/domain/coupons/reconcile.py): its worked example,
and a balanced campaign."""

from __future__ import annotations

from pos_app.domain.coupons.reconcile import (
    GiftedUnitFact,
    IssuedFact,
    RedemptionFact,
    reconcile,
)


def test_the_worked_example():
    issued = [IssuedFact("c1", "C", True), IssuedFact("c2", "C", True),
              IssuedFact("c3", "C", False)]
    reds = [RedemptionFact("r1", "c1", "C", "g1", "gift", True, True, "U1", "gift-1"),
            RedemptionFact("r2", "c2", "C", "g1", "gift", True, False, "U2", "gift-2"),
            RedemptionFact("r3", "c2", "C", "g2", "gift", False, False, "U3", "gift-3")]
    gifted = [GiftedUnitFact("U1", "g1"), GiftedUnitFact("U2", "g1"),
              GiftedUnitFact("U9", "g1")]
    rep = reconcile(issued, reds, gifted)
    by = {(r.campaign_id, r.guide_id): r for r in rep.rows}
    assert (by["C", None].issued, by["C", None].claimed) == (3, 2)
    g1 = by["C", "g1"]
    assert (g1.redeemed_online, g1.redeemed_offline, g1.gifts_handed_out,
            g1.gift_coupons_redeemed, g1.units_gifted, g1.unit_codes) == (
        1, 1, 2, 2, 2, ["U1", "U2"])
    assert g1.balanced and by["C", "g2"].conflicts == 1
    assert not by["", "g1"].balanced and by["", "g1"].unit_codes == ["U9"]
    assert [(x.kind, x.coupon_id, x.unit_code) for x in rep.mismatches] == [
        ("conflict", "c2", "U3"), ("unit_gifted_without_coupon", None, "U9")]
    assert not rep.balanced


def test_a_clean_campaign_balances_and_a_missing_unit_is_listed():
    reds = [RedemptionFact("r1", "c1", "C", "g1", "gift", True, True, "U1", "gift-1"),
            RedemptionFact("r2", "c2", "C", "g1", "amount_off", True, True, None, "S-1")]
    rep = reconcile([IssuedFact("c1", "C", False), IssuedFact("c2", "C", False)], reds,
                    [GiftedUnitFact("U1", "g1")])
    assert rep.balanced and rep.mismatches == []
    gone = reconcile([], reds[:1], [])
    assert [(x.kind, x.unit_code) for x in gone.mismatches] == [("unit_not_gifted", "U1")]
    assert not gone.rows[0].balanced  # handed out 1, coupons 1, units 0
    held = reconcile([], [RedemptionFact("r3", "c3", "C", None, "amount_off", True, True,
                                         None, "S-2", confirmed=False)], [])
    assert [(x.kind, x.coupon_id) for x in held.mismatches] == [("unconfirmed", "c3")]
