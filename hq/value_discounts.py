"""HQ bounds the cashier's manual discounts (20-L2, follow-up of issue 13).

A manual line discount, a price change (kept as one) or an order discount past the selling
cashier's limit needed a manager at the till (Action.DISCOUNT_OVER_LIMIT / CHANGE_PRICE); the
sale names that manager on the adjustment (`approved_by`). HQ asks the till's own domain rule
(`pos_app.domain.discounts.over_limit`) which discounts were over the limit, and flags any
whose approver is missing or is not an active manager of the device's store
(`manual_discount_unapproved`: applied — the money has left the store —, answered
`conflict` and listed with the other value exceptions as `flagged`). A sale rung up by a
manager has no limit.

The limit is HQ's, not the till's word: SHOPFLOOR_HQ_DISCOUNT_LIMIT_BP (default 1000 = 10 %)
and SHOPFLOOR_HQ_DISCOUNT_LIMIT_FEN (default 5000 = ¥50), the tills' defaults. A store whose
manager raised its till's limit past HQ's sees those discounts flagged: the brand's policy,
not a till's setting, decides what a cashier gives away alone.
"""

from __future__ import annotations

import os

from sqlalchemy import Connection

from hq.store_staff import is_manager
from hq.value import UNAPPROVED_DISCOUNT as UNAPPROVED
from pos_app.domain.discounts import DiscountLimits, OverLimit, SoldAdjustment, over_limit
from pos_app.domain.discounts.limits import MANUAL_LINE, MANUAL_ORDER
from sync.contract.events_sale import SaleLinePayload, SalePayload


def limits() -> DiscountLimits:
    """HQ's cashier limits, read from the environment at the moment of use (hq.policy)."""
    defaults = DiscountLimits()

    def _int(name: str, default: int) -> int:
        raw = os.environ.get(name, "").strip()
        return int(raw) if raw.isdigit() else default

    return DiscountLimits(_int("SHOPFLOOR_HQ_DISCOUNT_LIMIT_BP", defaults.max_bp),
                          _int("SHOPFLOOR_HQ_DISCOUNT_LIMIT_FEN", defaults.max_fen))


def _sold(ln: SaleLinePayload) -> list[SoldAdjustment]:
    """A line's adjustments; a line without any (an older till's) has only the cashier's
    discounts, so leaving them out never hides a discount from the bound."""
    if ln.adjustments:
        return [SoldAdjustment(a.kind, a.amount, a.scope, a.approved_by)
                for a in ln.adjustments]
    return [SoldAdjustment(kind, amount, scope) for kind, amount, scope in (
        (MANUAL_LINE, ln.line_discount, "line"), (MANUAL_ORDER, ln.order_discount, "order"))
        if amount]


def over(p: SalePayload) -> list[OverLimit]:
    """The sale's manual discounts past HQ's limits (no database: the bulk path's sieve)."""
    if p.discount_total == 0:
        return []  # the common sale: nothing off, nothing to bound
    return over_limit(limits(), [(ln.line_no, ln.gross(), _sold(ln)) for ln in p.lines])


def discount_flags(conn: Connection, store_id: str, p: SalePayload) -> list[str]:
    """Why a person should look at this sale's manual discounts ([] when none needs it)."""
    found = over(p)
    if not found or is_manager(conn, p.cashier_id, store_id):
        return []
    flags = []
    for o in found:
        if o.approved_by and is_manager(conn, o.approved_by, store_id):
            continue
        what = f"line {o.line_no}" if o.line_no else "order discount"
        who = (f"approver {o.approved_by} is not a manager of the store" if o.approved_by
               else "no approver named")
        flags.append(f"{UNAPPROVED}: sale {p.receipt_no} {what}: {o.amount} fen off "
                     f"{o.base} fen by cashier {p.cashier_id}, over the limit; {who}")
    return flags
