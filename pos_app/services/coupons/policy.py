"""What HQ's answer, or its silence, means for a redemption at this till.

Online, HQ decides: `redeemed` goes ahead (mode online); a refusal is the till's refusal,
translated from HQ's stable reason code. Offline, the campaign's policy decides: `deny`
(the default, and what a till assumes when it does not know the policy: a gift never
leaves the shelf unaccounted), `allow`, or `allow_under` a value in fen. A till with no HQ
at all (the demo store) is its own HQ: its UNIQUE(coupon_id) is the whole check.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import Engine

from local_db.coupon_definitions import offline_policy
from local_db.uow import read_session
from pos_app.domain.coupons import CouponPayload
from pos_app.domain.money import format_money
from pos_app.errors import PosError
from sync.contract.coupons_api import CouponRedeemResponse

Mode = Literal["online", "offline"]

# HQ's reason codes (sync.contract.coupons_api.REDEEM_REASONS) → the till's own refusals
_REASONS = {
    "coupon_unknown": "coupon_unknown_at_hq", "coupon_expired": "coupon_expired_at_hq",
    "coupon_not_yet": "coupon_not_yet_at_hq", "coupon_wrong_store": "coupon_wrong_store",
    "coupon_wrong_member": "coupon_wrong_member", "coupon_void": "coupon_void",
    "coupon_bad_code": "coupon_bad_signature", "coupon_wrong_gift": "gift_wrong_product_hq",
}


@dataclass(frozen=True)
class OfflinePolicy:
    rule: Literal["deny", "allow", "allow_under"] = "deny"
    under: int = 0  # fen: allow_under's ceiling

    def allows(self, worth: int) -> bool:
        if self.rule == "allow":
            return True
        return self.rule == "allow_under" and worth < self.under


PolicySource = Callable[[CouponPayload], OfflinePolicy]  # a coupon → its offline policy


def deny_unknown(_coupon: CouponPayload) -> OfflinePolicy:
    """A coupon whose definition this till does not hold: `deny`."""
    return OfflinePolicy()


def held_policy(engine: Engine) -> PolicySource:
    """The policy the `coupon_definitions` stream brought for a coupon's campaign and kind
    (local_db.coupon_definitions picks the strictest), `deny` when the till holds none."""

    def policy(coupon: CouponPayload) -> OfflinePolicy:
        with read_session(engine) as session:
            held = offline_policy(session, coupon.campaign_ref, coupon.kind, coupon.gift_ref)
        if held is None or held[0] not in ("deny", "allow", "allow_under"):
            return OfflinePolicy()
        return OfflinePolicy(held[0], held[1])  # type: ignore[arg-type]

    return policy


def decide(answer: CouponRedeemResponse | None, paired: bool, policy: OfflinePolicy,
           worth: int) -> Mode:
    """The mode a redemption is written in, or the PosError that stops it (nothing written).

    `worth`: what the coupon gives, in fen (a gift: its product's price), for allow_under."""
    if answer is not None:
        if answer.outcome == "redeemed":
            return "online"
        if answer.outcome == "already_redeemed" and answer.first is not None:
            first = answer.first
            raise PosError("coupon_already_redeemed",
                           store=first.store_name or first.store_code or first.store_id,
                           receipt=first.receipt_no or (first.gift_redemption_id or "")[:8],
                           time=first.redeemed_at.astimezone().strftime("%Y-%m-%d %H:%M"))
        raise PosError(_REASONS.get(answer.reason, "coupon_refused_by_hq"),
                       reason=answer.reason or answer.outcome)
    if not paired or policy.allows(worth):
        return "offline"
    if policy.rule == "allow_under":
        raise PosError("coupon_offline_over", limit=format_money(policy.under))
    raise PosError("coupon_offline_denied")
