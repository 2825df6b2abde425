"""A discount coupon applied to a sale, as a pricing rule (issue 17).

A coupon runs in its own lane after every campaign (lanes 101-899) and before the cashier's
discounts (900, 950): the coupon's terms are read on what the campaigns left, and a cashier's
discount never makes a coupon's threshold fail. Its RuleRef names the coupon (kind "coupon",
rule id = the coupon's id), so the sale rows, the receipt and HQ see which coupon took what.

    amount_off   `value` fen off the order, when what is left reaches `min_spend`
    percent_off  `value` % off the order (rounded down to the fen), same threshold
    bogo         buy one, get one: of the units of its products (`skus`, the definition's
                 set; empty: every product), one free per two, cheapest first, at most
                 `value` free

Pure: the engine clamps what a rule asks for, so a coupon never takes a line below zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pos_app.domain.pricing.model import (
    Effect,
    LinesOff,
    OrderOff,
    PricingContext,
    PricingInput,
    RuleRef,
)
from pos_app.i18n import N_

LANE_COUPON = 899  # after the last campaign lane (LANE_BASE + PRIORITY_MAX), before manual
COUPON_KIND = "coupon"
DISCOUNT_KINDS = frozenset({"amount_off", "percent_off", "bogo"})


@dataclass(frozen=True)
class AppliedCoupon:
    """What a cart keeps of a verified coupon: enough to price it again after a restart
    (the code is kept to redeem it at HQ; its signature was checked when it was scanned)."""

    coupon_id: str
    code: str
    kind: str  # amount_off | percent_off | bogo
    value: int  # fen | percent | units
    min_spend: int = 0  # fen
    member_id: str | None = None  # the member it belongs to, when it names one
    hold_key: str | None = None  # HQ's idempotency key once HQ holds it for this sale
    hold_sale_id: str | None = None  # the sale id HQ holds it for (the sale is written so)
    skus: tuple[str, ...] = ()  # bogo: its products' SKUs (empty: every product)


@dataclass(frozen=True)
class CouponRule:
    coupon: AppliedCoupon
    lane: int = LANE_COUPON

    @property
    def ref(self) -> RuleRef:
        return RuleRef(COUPON_KIND, self.coupon.coupon_id, N_("Coupon"))

    def apply(self, cart: PricingInput, remaining: tuple[int, ...],
              context: PricingContext) -> Sequence[Effect]:
        c = self.coupon
        left = sum(remaining)
        if left <= 0 or left < c.min_spend or c.value <= 0:
            return ()
        if c.kind == "amount_off":
            return (OrderOff(min(c.value, left), f"coupon {c.coupon_id[:8]}"),)
        if c.kind == "percent_off":
            return (OrderOff(left * min(c.value, 100) // 100,
                             f"coupon {c.coupon_id[:8]} {c.value}%"),)
        if c.kind == "bogo":
            return _bogo(cart, remaining, c)
        return ()


def _bogo(cart: PricingInput, remaining: tuple[int, ...], c: AppliedCoupon) -> Sequence[Effect]:
    """One unit free per two of its products, cheapest first (by what is left of each unit,
    ties to the earlier line), at most `value`."""
    eligible = sorted(
        (remaining[i] // ln.quantity, i) for i, ln in enumerate(cart.lines)
        if ln.quantity and remaining[i] > 0 and (not c.skus or _sku(ln) in c.skus)
        for _ in range(ln.quantity))
    units = eligible[: min(c.value, len(eligible) // 2)]
    off: dict[int, int] = {}
    for price, i in units:
        off[i] = off.get(i, 0) + price
    parts = tuple((i, amount, f"coupon {c.coupon_id[:8]} free") for i, amount in sorted(
        off.items()))
    return (LinesOff(parts),) if parts else ()


def _sku(line: object) -> str:
    return str(getattr(getattr(line, "product", None), "sku", ""))


def coupon_rules(coupons: Sequence[AppliedCoupon]) -> tuple[CouponRule, ...]:
    return tuple(CouponRule(c) for c in coupons if c.kind in DISCOUNT_KINDS)
