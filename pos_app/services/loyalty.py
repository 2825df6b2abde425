"""A member's points on this terminal (PRODUCT §4): HQ is authoritative, deltas are pending.

- `balance`: HQ's last known balance (`member.points_balance`) + every pending delta.
- `available_offline`: what may be redeemed without asking HQ: the last known balance minus
  pending spends (pending negative deltas); pending earnings are not spendable until HQ
  confirms them. Never below zero.

The `*_in(session, …)` functions read inside the caller's transaction: checkout calls them
under the write lock (BEGIN IMMEDIATE), so two tills over one database cannot both spend the
same points. Across separate databases HQ sees both spends and flags the conflict.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, text
from sqlmodel import Session

from local_db.uow import read_session
from pos_app.domain.loyalty import fen_to_points, max_redeemable_fen, redeem_cap_fen
from pos_app.errors import PosError

_MEMBER = text("SELECT points_balance, tier FROM member WHERE id = :id")
_PENDING = text(
    "SELECT COALESCE(SUM(delta), 0),"
    " COALESCE(SUM(CASE WHEN delta < 0 THEN delta ELSE 0 END), 0)"
    " FROM points_entry WHERE member_id = :id AND status = 'pending'"
)


@dataclass(frozen=True)
class PointsStanding:
    member_id: str
    tier: str
    last_known: int  # HQ's last known balance
    pending: int  # sum of pending deltas (earn +, spend −)
    pending_spent: int  # sum of pending negative deltas (≤ 0)

    @property
    def balance(self) -> int:
        return self.last_known + self.pending

    @property
    def available_offline(self) -> int:
        return max(0, self.last_known + self.pending_spent)


@dataclass(frozen=True)
class PointsOffer:
    """What the pay screen shows: the member's available points and this sale's cap."""

    available: int  # points
    cap_fen: int  # 50 % of the sale
    max_fen: int  # what points may pay now: min(cap, available)


def standing_in(session: Session, member_id: str) -> PointsStanding:
    conn = session.connection()
    row = conn.execute(_MEMBER, {"id": member_id}).first()
    if row is None:
        raise PosError("points_member_unknown")
    pending, spent = conn.execute(_PENDING, {"id": member_id}).one()
    return PointsStanding(member_id, row[1] or "regular", int(row[0] or 0), int(pending),
                          int(spent))


class LoyaltyService:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def standing(self, member_id: str) -> PointsStanding:
        with read_session(self._engine) as session:
            return standing_in(session, member_id)

    def balance(self, member_id: str) -> int:
        return self.standing(member_id).balance

    def available_offline(self, member_id: str) -> int:
        return self.standing(member_id).available_offline

    def can_redeem(self, member_id: str, points: int) -> bool:
        return 0 < points <= self.available_offline(member_id)

    def offer(self, member_id: str, total: int, already_paid_with_points: int = 0) -> PointsOffer:
        """Available points and cap for a sale of `total` fen (some points maybe tendered)."""
        available = max(0, self.available_offline(member_id)
                        - fen_to_points(already_paid_with_points))
        cap = max(0, redeem_cap_fen(total) - already_paid_with_points)
        return PointsOffer(available=available, cap_fen=cap,
                           max_fen=min(cap, max_redeemable_fen(total, available)))
