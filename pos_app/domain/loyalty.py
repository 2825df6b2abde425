"""Points arithmetic (PRODUCT §4): earning, redeeming as payment, reversing on returns.

Integers only, never a float: multipliers are per-mille (1000 = ×1), money is fen.
- Earn: 1 point per ¥1 of net paid, excluding the part paid with points, × the tier's
  multiplier (pos_app.domain.tiers) × an optional campaign / member-day multiplier, rounded
  down once at the end.
- Redeem: 100 points = ¥1 (so 1 point = 1 fen), at most 50 % of the sale total per sale, and
  never more than the member has available (offline: HQ's last known balance minus pending
  spends). Points never go negative.
- Return: earned points are reversed in proportion to what is refunded, as cumulative floors
  so that a full return (in one go or in parts) reverses exactly what was earned.
"""

from __future__ import annotations

from pos_app.domain.money import format_money
from pos_app.domain.tiers import tier_multiplier
from pos_app.errors import PosError

PERMILLE = 1000
FEN_PER_EARNED_POINT = 100  # 1 point per ¥1 paid
POINTS_PER_YUAN_REDEEMED = 100  # 100 points pay ¥1
REDEEM_CAP_PERMILLE = 500  # at most 50 % of a sale may be paid with points


def _check_int(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    return value


def earn_points(
    net_paid: int, tier: str | None = "regular", campaign_permille: int = PERMILLE
) -> int:
    """Points earned on `net_paid` fen (the total minus what points paid), rounded down."""
    _check_int(net_paid, "net_paid")
    _check_int(campaign_permille, "campaign_permille")
    if net_paid <= 0 or campaign_permille <= 0:
        return 0
    scale = FEN_PER_EARNED_POINT * PERMILLE * PERMILLE
    return net_paid * tier_multiplier(tier) * campaign_permille // scale


def points_to_fen(points: int) -> int:
    """What `points` pay, in fen (rounded down: a stray point never pays a fraction)."""
    return max(0, _check_int(points, "points")) * 100 // POINTS_PER_YUAN_REDEEMED


def fen_to_points(fen: int) -> int:
    """Points needed to pay `fen` (rounded up, so the member never pays less than due)."""
    fen = max(0, _check_int(fen, "fen"))
    return -(-fen * POINTS_PER_YUAN_REDEEMED // 100)


def redeem_cap_fen(total: int) -> int:
    """The most of a sale of `total` fen that points may pay (50 %, rounded down)."""
    return max(0, _check_int(total, "total")) * REDEEM_CAP_PERMILLE // PERMILLE


def max_redeemable_fen(total: int, available_points: int) -> int:
    """The largest points payment allowed: within the cap and what the member has."""
    return min(redeem_cap_fen(total), points_to_fen(max(0, available_points)))


def check_redemption(amount_fen: int, total: int, available_points: int) -> int:
    """Validate paying `amount_fen` of a `total` sale with points; returns the points spent.

    Raises `points_insufficient` (with `available`) above the balance, `points_over_cap`
    above 50 % of the sale, `tender_invalid` for zero or less.
    """
    _check_int(amount_fen, "amount_fen")
    if amount_fen <= 0:
        raise PosError("tender_invalid")
    points = fen_to_points(amount_fen)
    available = max(0, available_points)
    if points > available:
        raise PosError("points_insufficient", available=available, points=points)
    cap = redeem_cap_fen(total)
    if amount_fen > cap:
        raise PosError("points_over_cap", cap=cap, cap_money=format_money(cap),
                       cap_points=fen_to_points(cap))
    return points


def reversal_due(earned: int, sale_total: int, refunded_before: int, refunded_now: int) -> int:
    """Points to take back for a refund of `refunded_now` fen (a positive number).

    Cumulative floor over the sale's refunds: once everything is refunded the reversals add
    up to exactly `earned`, however the return was split.
    """
    if earned <= 0 or sale_total <= 0 or refunded_now <= 0:
        return 0
    before = min(max(0, refunded_before), sale_total)
    after = min(before + refunded_now, sale_total)
    return earned * after // sale_total - earned * before // sale_total
