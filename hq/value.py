"""HQ decides value (issue 13): what a till reports about money and points is recomputed
or bounded here with the till's own domain rules (pos_app.domain.loyalty, member_days),
never taken on its word.

- **Points earned** = `earn_points(net paid, HQ's tier, HQ's member-day multiplier)`. A till
  that has not yet heard of a tier upgrade earns at the lower tier, and without a store time
  zone (hq.policy) the calendar day is only known to ±1: any such figure is accepted as
  it was sent. Anything else is booked at HQ's figure and flagged (`points_recomputed: …`).
- **Flags** (the sale is applied; answered `conflict` and listed as `flagged`): a date
  outside the window around HQ's receive time, a line charged below HQ's price without a
  cashier's discount. A member sale may be charged HQ's member price (the till's pricing
  sends it as a `member_price` adjustment off the list price), never less; a sale without
  a member, never less than the list price. A manual discount over the cashier's limit
  without a manager of the store named as its approver (hq/value_discounts.py).
Points tenders are checked while parsing (sync.contract.events_sale.check_points_tender): a mismatch
there is a `rejected` sale. Texts carry ids and figures only, never a phone or a name.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, bindparam, select

from hq import models as m
from hq import policy, settings, units
from pos_app.domain.loyalty import PERMILLE, earn_points
from pos_app.domain.member_days import permille_on
from pos_app.domain.tiers import TIER_CODES, tier_multiplier
from sync.contract.events_sale import SalePayload

MEMBER, PRODUCT = m.Member.__table__, m.Product.__table__
POINTS_RECOMPUTED = "points_recomputed"
DATE_WINDOW = "date_out_of_window"
BELOW_PRICE = "below_hq_price"
CROSS_STORE = "cross_store_return"
PROMO_MISMATCH = "promo_mismatch"  # HQ's re-pricing disagrees (hq/promotions/reprice.py)
FLAGGED = "flagged"  # the exception kind of every applied-but-look reason above
RETURN_NO_RECEIPT = "return_without_receipt"  # a manager's return without receipt: review
ABOVE_PRICE = "above_hq_price"  # … refunded above today's price, within an earlier one
UNAPPROVED_DISCOUNT = "manual_discount_unapproved"  # over the limit, no manager (value_discounts)
FLAG_PREFIXES = (POINTS_RECOMPUTED, DATE_WINDOW, BELOW_PRICE, CROSS_STORE, PROMO_MISMATCH,
                 RETURN_NO_RECEIPT, ABOVE_PRICE, UNAPPROVED_DISCOUNT)
_PRICES = select(PRODUCT.c.id, PRODUCT.c.price, PRODUCT.c.member_price).where(
    PRODUCT.c.id.in_(bindparam("ids", expanding=True)))


def date_flag(what: str, at: datetime, received: datetime) -> str:
    """'' or why `at` (a sale's or return's own date) is outside HQ's window."""
    past, future = policy.date_window()
    at = at.astimezone(UTC)
    if received - past <= at <= received + future:
        return ""
    return f"{DATE_WINDOW}: {what} dated {at:%Y-%m-%d %H:%M} UTC, received {received:%Y-%m-%d}"


def price_floors(conn: Connection, product_ids: Iterable[str]) -> dict[str, tuple[int, int]]:
    """HQ's (price, member price or price) by product id, for the products HQ knows."""
    ids = sorted(set(product_ids))
    out: dict[str, tuple[int, int]] = {}
    for start in range(0, len(ids), 2000):
        for r in conn.execute(_PRICES, {"ids": ids[start:start + 2000]}):
            member = r.member_price if r.member_price is not None else r.price
            out[r.id] = (int(r.price), int(min(member, r.price)))
    return out


def sale_flags(p: SalePayload, floors: dict[str, tuple[int, int]], received: datetime
               ) -> list[str]:
    """Why a person should look at this sale (it is applied anyway)."""
    flags = [date_flag(f"sale {p.receipt_no}", p.created_at, received)]
    for ln in p.lines:
        floor = floors.get(ln.product_id)
        saving = ln.member_saving()  # the member price, as the till's pricing took it off
        if floor is None or ln.line_discount + ln.order_discount - saving:
            continue  # a product HQ never issued, or a visible (cashier's) adjustment
        lowest = floor[1] if p.member_id else floor[0]
        charged = ln.unit_price * ln.quantity - saving
        if charged < lowest * ln.quantity:
            flags.append(f"{BELOW_PRICE}: sale {p.receipt_no} line {ln.line_no} product "
                         f"{ln.product_id} at {charged // ln.quantity} fen, HQ's "
                         f"{'member ' if p.member_id and saving else ''}price {lowest} fen")
    return [f for f in flags if f]


def _day_permilles(conn: Connection, store_id: str, at: datetime) -> list[int]:
    rule = settings.member_days_for(conn, store_id)
    if rule is None or not rule.configured:
        return [PERMILLE]
    zone = policy.store_timezone()
    if zone is not None:
        return [permille_on(rule, at.astimezone(zone).date())]
    utc = at.astimezone(UTC)
    days = {(utc + timedelta(hours=h)).date() for h in (-12, 0, 14)}
    return sorted({permille_on(rule, d) for d in days})


def points_paid_fen(p: SalePayload) -> int:
    return sum(t.amount for t in p.tenders if t.kind == "points")


def earned_points(conn: Connection, store_id: str, p: SalePayload, member_id: str
                  ) -> tuple[int, str]:
    """(points HQ books for this sale, '' or the `points_recomputed` reason). Read before
    the sale's spend changes the member's tier: the tier the till saw."""
    tier = conn.execute(select(MEMBER.c.tier).where(MEMBER.c.id == member_id)).scalar()
    net_paid = p.total - points_paid_fen(p)
    permilles = _day_permilles(conn, store_id, p.created_at)
    hq_figure = earn_points(net_paid, tier, permilles[0])
    ceiling = tier_multiplier(tier)
    possible = {earn_points(net_paid, t, pm) for t in TIER_CODES if tier_multiplier(t) <= ceiling
                for pm in permilles}
    if p.points_earned in possible:
        return p.points_earned, ""
    return hq_figure, (f"{POINTS_RECOMPUTED}: sale {p.receipt_no} member {member_id}: till "
                       f"said {p.points_earned} points earned, HQ computed {hq_figure} "
                       f"(tier {tier}, multiplier {permilles[0]}‰); {hq_figure} booked")


def join_reasons(problems: list[str], flags: list[str]) -> list[str] | str:
    """Unit problems alone stay a list (apply_one words them); with flags, one text."""
    flags = [f for f in flags if f]
    if not flags:
        return problems
    return " | ".join(([units.anomaly_reason(problems)] if problems else []) + flags)
