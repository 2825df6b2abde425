"""HQ re-prices every pushed sale with the campaign rules in force at its time and flags a
sale whose campaign discounts differ from what those rules give (issue 16: "terminal and HQ
price the same sale identically"). Never rewritten: the sale is booked as sent and listed
for a person (`promo_mismatch: …`, exception kind `flagged`, like hq.value's flags).

What HQ takes as the till's facts: the lines (product, quantity, list price, tax rate, line
id — the id pricing broke ties with), the member price it charged (bounded separately by
hq.value's `below_hq_price`), the cashier's own discounts (they run last, on what the
campaigns left) and the member id (the holdout is hashed on the id the till priced with).
What HQ decides itself: which campaigns held (hq.promotions.service.campaign_docs at the
sale's store and instant), each product's category and tags, the member's tier, and all the
arithmetic, done by the same call the till makes (`price_promotions`).

The store-local time the windows are read against comes from SHOPFLOOR_HQ_TIMEZONE
(hq.policy). Unset, HQ cannot know the till's wall clock, so, as for member days, the sale
is accepted if it matches the rules at any local time its instant falls on somewhere
(UTC−12 … UTC+14). Likewise a till that had not yet heard of a member's upgrade prices at a
lower tier: any tier up to HQ's is accepted.

A coupon redeemed with the sale (issue 17) is one of the till's facts by its id only (an
adjustment of kind "coupon", rule id = the coupon's id): HQ reads the coupon's terms from its
own `coupon` row (kind, value, min spend) and prices it with the same rule the till runs
(pos_app.domain.coupons.rule, in its lane after the campaigns), so an honest coupon sale
matches and a coupon HQ does not know, or one that took more than its terms give, makes the
sale differ and is flagged like any campaign discount.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, bindparam, select

from hq import models as m
from hq import policy
from hq.promotions.service import campaign_docs
from hq.value import PROMO_MISMATCH
from pos_app.domain.coupons.rule import COUPON_KIND, AppliedCoupon, coupon_rules
from pos_app.domain.pricing import CART_RULES, RuleRef
from pos_app.domain.promotions import (
    PreviewCart,
    PreviewLine,
    PreviewProduct,
    PromotionError,
    campaign_of,
    context_at,
    price_promotions,
    rules_from_data,
)
from pos_app.domain.promotions.campaign import in_window
from pos_app.domain.tiers import TIER_CODES, tier_multiplier
from sync.contract.events_sale import SaleLinePayload, SalePayload
from sync.contract.streams_promotions import rules_document

C, PRODUCT, MEMBER = m.Campaign.__table__, m.Product.__table__, m.Member.__table__
COUPON, DEFN = m.Coupon.__table__, m.CouponDefinition.__table__
STEP = timedelta(minutes=15)  # time zones are whole quarter hours
OFFSETS = [timedelta(hours=-12) + STEP * k for k in range(26 * 4 + 1)]
_FACTS = select(PRODUCT.c.id, PRODUCT.c.sku, PRODUCT.c.category, PRODUCT.c.tags).where(
    PRODUCT.c.id.in_(bindparam("ids", expanding=True)))
Line = tuple[int, tuple[tuple[str, int], ...]]  # net, campaign (rule id, fen) in rule order


def campaigns_exist(conn: Connection) -> bool:
    """Whether HQ ever had a campaign (no campaign: a sale without campaign adjustments needs
    no re-pricing; the batch path asks once per batch)."""
    return conn.execute(select(C.c.id).limit(1)).first() is not None


def is_campaign(kind: str, rule_id: str) -> bool:
    return campaign_of(RuleRef(kind, rule_id, "")) is not None


def till_lines(p: SalePayload) -> dict[str, Line]:
    """What the till says each line came to, and what each campaign took off it."""
    return {ln.id: (ln.net, tuple((a.rule_id, a.amount) for a in ln.adjustments
                                  if is_campaign(a.kind, a.rule_id))) for ln in p.lines}


def _product(ln: SaleLinePayload, facts: dict[str, tuple[str, str, tuple[str, ...]]]
             ) -> PreviewProduct:
    saving = ln.member_saving()
    sku, category, tags = facts.get(ln.product_id, (ln.sku, "", ()))
    return PreviewProduct(sku=sku, unit_price=ln.unit_price, tax_rate_bp=ln.tax_rate_bp,
                          member_price=ln.unit_price - saving // ln.quantity if saving else None,
                          category=category, tags=tags)


def sale_cart(p: SalePayload, facts: dict[str, tuple[str, str, tuple[str, ...]]],
              tier: str | None) -> PreviewCart:
    """The pricing input the till priced with, rebuilt from the sale's facts (see module)."""
    lines, order_off = [], 0
    for ln in sorted(p.lines, key=lambda x: x.line_no):  # the cart's order: order-off ties
        manual = sum(a.amount for a in ln.adjustments if a.kind == "manual_line")
        order_off += sum(a.amount for a in ln.adjustments if a.kind == "manual_order")
        if not ln.adjustments:  # an older till: its discounts were all the cashier's
            manual, order_off = ln.line_discount, order_off + ln.order_discount
        lines.append(PreviewLine(ln.id, _product(ln, facts), ln.quantity, manual,
                                 ln.discount_reason or ""))
    return PreviewCart(tuple(lines), order_off, p.order_discount_reason or "", p.member_id,
                       (tier or "regular") if p.member_id else None)


def product_facts(conn: Connection, ids: Iterable[str]
                  ) -> dict[str, tuple[str, str, tuple[str, ...]]]:
    """HQ's sku, category and tags of the products HQ knows."""
    rows = conn.execute(_FACTS, {"ids": sorted(set(ids))})
    return {r.id: (r.sku, r.category or "", tuple(json.loads(r.tags or "[]"))) for r in rows}


def sale_coupons(conn: Connection, p: SalePayload) -> tuple[AppliedCoupon, ...]:
    """The coupons the sale says it used, with HQ's own terms (percent kept as permille at
    HQ, whole percent in the code and the till's rule); one HQ does not know gives nothing."""
    ids = sorted({a.rule_id for ln in p.lines for a in ln.adjustments if a.kind == COUPON_KIND})
    if not ids:
        return ()
    rows = conn.execute(select(COUPON.c.id, COUPON.c.kind, COUPON.c.value, COUPON.c.min_spend,
                               DEFN.c.product_ids).outerjoin(
        DEFN, DEFN.c.id == COUPON.c.definition_id).where(COUPON.c.id.in_(ids))).all()
    value = {"percent_off": lambda v: v // 10, "bogo": lambda v: 1}
    return tuple(AppliedCoupon(r.id, "", r.kind, value.get(r.kind, lambda v: v)(r.value),
                               r.min_spend, skus=_skus(conn, r.product_ids))
                 for r in rows)


def _skus(conn: Connection, product_ids: str | None) -> tuple[str, ...]:
    """A bogo definition's products as SKUs (what the till's rule matches on)."""
    ids = json.loads(product_ids or "[]")
    if not ids:
        return ()
    return tuple(sorted(conn.execute(select(PRODUCT.c.sku).where(
        PRODUCT.c.id.in_(ids))).scalars()))


def local_times(at: datetime) -> list[datetime]:
    """The store-local wall-clock times the till may have read at instant `at`."""
    zone = policy.store_timezone()
    utc = at.astimezone(UTC)
    if zone is not None:
        return [utc.astimezone(zone).replace(tzinfo=None)]
    naive = utc.replace(tzinfo=None)
    return [naive + offset for offset in OFFSETS]


def priced_lines(cart: PreviewCart, rules: Sequence[object], now: datetime,
                 store_id: str, coupons: Sequence[AppliedCoupon] = ()) -> dict[str, Line]:
    everything = [*CART_RULES, *rules, *coupon_rules(coupons)]
    priced = price_promotions(cart, everything, context_at(now, store_id))  # type: ignore[arg-type]
    return {pl.line.line_id: (pl.net, tuple((a.rule.rule_id, a.amount) for a in pl.adjustments
                                            if campaign_of(a.rule) is not None))
            for pl in priced.lines}


def _tiers(tier: str | None) -> list[str | None]:
    if tier is None:
        return [None]
    ceiling = tier_multiplier(tier)
    return [tier, *(t for t in TIER_CODES if t != tier and tier_multiplier(t) <= ceiling)]


def sale_flag(conn: Connection, store_id: str, p: SalePayload, member_id: str | None = None,
              rules_exist: bool | None = None) -> str:
    """'' when HQ's pricing of the sale agrees with the till's, else the `promo_mismatch`
    reason (first line that differs, both figures). `member_id`: HQ's (resolved) member,
    whose tier HQ knows; `rules_exist`: campaigns_exist(), if the caller asked already."""
    sent = till_lines(p)
    coupons = sale_coupons(conn, p)
    has_campaign = any(adj for _, adj in sent.values()) or any(
        a.kind == COUPON_KIND for ln in p.lines for a in ln.adjustments)
    if not has_campaign and not (campaigns_exist(conn) if rules_exist is None else rules_exist):
        return ""
    docs = campaign_docs(conn, store_id, p.created_at)
    if not docs and not has_campaign:
        return ""
    try:
        rules = rules_from_data(rules_document(docs))
    except PromotionError as exc:  # HQ checks every campaign it keeps: should not happen
        return f"{PROMO_MISMATCH}: sale {p.receipt_no}: HQ's campaigns unreadable ({exc.code})"
    tier = None
    if p.member_id:
        tier = conn.execute(select(MEMBER.c.tier).where(
            MEMBER.c.id == (member_id or p.member_id))).scalar() or "regular"
    facts = product_facts(conn, (ln.product_id for ln in p.lines))
    first: dict[str, Line] | None = None
    for candidate in _tiers(tier):
        cart = sale_cart(p, facts, candidate)
        tried: set[tuple[bool, ...]] = set()
        for now in local_times(p.created_at):
            held = tuple(in_window(r.meta, context_at(now, store_id)) for r in rules)  # type: ignore[attr-defined]
            if held in tried:
                continue
            tried.add(held)
            mine = priced_lines(cart, rules, now, store_id, coupons)
            if mine == sent:
                return ""
            first = first or mine
    return _reason(p, sent, first or {})


def _reason(p: SalePayload, sent: dict[str, Line], mine: dict[str, Line]) -> str:
    for ln in sorted(p.lines, key=lambda x: x.line_no):
        if sent[ln.id] != mine.get(ln.id):
            till_off = sum(a for _, a in sent[ln.id][1])
            net, adj = mine.get(ln.id, (0, ()))
            return (f"{PROMO_MISMATCH}: sale {p.receipt_no} line {ln.line_no} product "
                    f"{ln.product_id}: till net {ln.net} fen with {till_off} fen off by "
                    f"campaigns, HQ's rules give net {net} fen with "
                    f"{sum(a for _, a in adj)} fen off")
    return f"{PROMO_MISMATCH}: sale {p.receipt_no}"
