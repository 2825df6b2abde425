"""Tiers are defined once (pos_app.domain.tiers) with HQ's live lifetime thresholds; HQ
assigns by them, the till earns by them, and the screen names them from the same table."""

from __future__ import annotations

from pos_app import i18n
from pos_app.domain.loyalty import earn_points
from pos_app.domain.tiers import TIER_CODES, TIERS, tier, tier_for_spend, tier_multiplier


def test_tiers_have_rising_thresholds_and_multipliers():
    assert TIER_CODES == ("regular", "silver", "gold", "diamond")
    thresholds = [t.threshold_fen for t in TIERS]
    multipliers = [t.multiplier_permille for t in TIERS]
    assert thresholds == [0, 200_000, 1_000_000, 5_000_000]  # HQ's live ¥2k / 10k / 50k
    assert multipliers == [1000, 1200, 1500, 2000]


def test_a_tier_from_spend_at_and_around_each_threshold():
    assert [tier_for_spend(f) for f in (0, 199_999, 200_000, 999_999, 1_000_000,
                                        4_999_999, 5_000_000, 10**12)] == [
        "regular", "regular", "silver", "silver", "gold", "gold", "diamond", "diamond"]
    assert tier(tier_for_spend(1_000_000)).multiplier_permille == 1500


def test_an_unknown_tier_earns_and_reads_like_regular():
    assert tier("platinum") == tier(None) == TIERS[0]
    assert tier_multiplier("platinum") == tier_multiplier(None) == 1000
    assert earn_points(10_000, "platinum") == earn_points(10_000, "regular") == 100


def test_tier_names_are_translated_from_the_one_table():
    assert [i18n.gettext_in("zh_CN", t.label) for t in TIERS] == ["普通", "银卡", "金卡", "钻石"]
    assert [i18n.gettext_in("en", t.label) for t in TIERS] == [
        "Regular", "Silver", "Gold", "Diamond"]
