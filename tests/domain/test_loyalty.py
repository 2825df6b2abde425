"""Points arithmetic: integer only, earn rounded down, redeem capped, reversals exact."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos_app.domain.loyalty import (
    check_redemption,
    earn_points,
    fen_to_points,
    max_redeemable_fen,
    points_to_fen,
    redeem_cap_fen,
    reversal_due,
    tier_multiplier,
)
from pos_app.domain.tenders import Tender, TenderKind, settle, tender_label
from pos_app.domain.tiers import TIER_CODES
from pos_app.errors import PosError

fen = st.integers(min_value=0, max_value=10**9)
tiers = st.sampled_from(TIER_CODES)
campaign = st.integers(min_value=0, max_value=10_000)


def test_earning_per_tier_is_rounded_down_once():
    assert earn_points(12_345) == 123  # ¥123.45 → 123 points
    assert earn_points(12_345, "silver") == 148  # 123.45 × 1.2 = 148.14
    assert earn_points(12_345, "gold") == 185  # 185.175
    assert earn_points(12_345, "diamond") == 246  # 246.9
    assert earn_points(12_345, "gold", campaign_permille=2000) == 370  # member day ×2
    assert earn_points(99) == 0
    assert earn_points(-500) == 0
    assert tier_multiplier("unknown") == tier_multiplier(None) == 1000


def test_floats_are_refused():
    with pytest.raises(TypeError):
        earn_points(100.0)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        earn_points(100, "regular", 1.5)  # type: ignore[arg-type]


def test_hundred_points_pay_one_yuan_and_half_the_sale_at_most():
    assert points_to_fen(100) == 100 and fen_to_points(100) == 100
    assert redeem_cap_fen(1001) == 500
    assert max_redeemable_fen(10_000, 3_000) == 3_000
    assert max_redeemable_fen(10_000, 30_000) == 5_000
    assert check_redemption(5_000, 10_000, 5_000) == 5_000
    with pytest.raises(PosError) as info:
        check_redemption(5_001, 10_002, 5_000)
    assert info.value.code == "points_insufficient"
    assert info.value.params["available"] == 5_000
    assert "5000 points are available" in info.value.message()
    with pytest.raises(PosError) as info:
        check_redemption(5_001, 10_000, 9_999)
    assert info.value.code == "points_over_cap"
    assert "¥50.00" in info.value.message()
    with pytest.raises(PosError) as info:
        check_redemption(0, 10_000, 9_999)
    assert info.value.code == "tender_invalid"


def test_points_tender_has_a_label_needs_no_reference_and_gives_no_change():
    assert tender_label(TenderKind.POINTS) == "Points"
    split = [Tender(TenderKind.POINTS, 500), Tender(TenderKind.CASH, 600)]
    assert settle(1000, split).change == 100
    with pytest.raises(PosError) as info:
        settle(1000, [Tender(TenderKind.POINTS, 1200)])
    assert info.value.code == "change_without_cash"


@given(fen, tiers, campaign)
def test_earned_points_are_never_negative(net, tier, per_mille):
    points = earn_points(net, tier, per_mille)
    assert points >= 0
    assert points <= net * 2 * max(per_mille, 0) // 100_000 + 1


@given(total=fen, available=st.integers(min_value=-1000, max_value=10**9),
       amount=st.integers(min_value=1, max_value=10**9))
def test_redemption_never_exceeds_cap_or_balance(total, available, amount):
    try:
        points = check_redemption(amount, total, available)
    except PosError as exc:
        assert exc.code in ("points_insufficient", "points_over_cap")
        return
    assert 0 < points <= max(0, available)
    assert amount <= redeem_cap_fen(total) <= total
    assert max_redeemable_fen(total, available) >= amount


@given(earned=st.integers(min_value=0, max_value=10**6),
       total=st.integers(min_value=1, max_value=10**7),
       cuts=st.lists(st.integers(min_value=1, max_value=10**7), max_size=6))
def test_reversals_of_a_full_return_add_up_to_what_was_earned(earned, total, cuts):
    """However the sale is returned in parts, the last refund leaves the sale's delta at 0."""
    refunds, left = [], total
    for cut in cuts:
        if left <= 0:
            break
        part = min(cut, left)
        refunds.append(part)
        left -= part
    if left:
        refunds.append(left)
    done, reversed_ = 0, 0
    for part in refunds:
        step = reversal_due(earned, total, done, part)
        assert step >= 0
        reversed_ += step
        done += part
        assert reversed_ <= earned
    assert earned - reversed_ == 0
