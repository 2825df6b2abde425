"""A shift's facts summed from this till's rows: a handful of aggregate queries, so an X or
a Z over 5,000 sales reads sums, never rows one by one. Reads only."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, and_, case, distinct, func, select
from sqlmodel import Session

from local_db.models import (
    AuditLog,
    CashMove,
    CouponRedemption,
    HqLink,
    OutboxEvent,
    RefundTender,
    Sale,
    SaleLineAdjustment,
    SaleReturn,
    Shift,
    Tender,
)
from pos_app.domain.shifts import DiscountFigures, MoveFigures, ShiftFacts
from pos_app.services import audit

# Audit actions a Z counts as voids (18-D adds line voids under "line_voided").
VOIDS = {"sale_voided": "sales_voided", "line_voided": "lines_voided",
         "parked_sale_dropped": "parked_dropped"}
COMPLETED = "completed"


def rule_key(kind: ColumnElement[str], rule_id: ColumnElement[str]) -> ColumnElement[str]:
    """What a Z groups discounts by: the rule (a campaign's, the member price…), but every
    coupon together — a coupon's rule id is its own coupon id, one line per coupon."""
    return case((kind == "coupon", ""), else_=rule_id)


def audit_head(session: Session) -> tuple[int, str]:
    """(seq, hash) of the last audit row: the keyed chain's head the Z carries to HQ."""
    found = audit.head(session)
    return int(found.seq), str(found.hash)


def queued_events(session: Session) -> int:
    """Events still waiting for HQ (pending): a close keeps them, the Z says how many."""
    return int(session.execute(
        select(func.count()).select_from(OutboxEvent).where(OutboxEvent.status == "pending")
    ).scalar_one())


def paired(session: Session) -> bool:
    """Whether this till is paired with HQ: a stand-alone till's queue never drains, so its
    events are "kept on this till", not "waiting for HQ", and a close needs no manager for
    them (tester 20 #3)."""
    return session.get(HqLink, 1) is not None


def read_facts(session: Session, shift: Shift, until: datetime) -> ShiftFacts:
    """Everything of `shift` up to `until` (its close, or now for an X)."""
    sid = shift.id
    in_shift = and_(Sale.shift_id == sid, Sale.status == COMPLETED)
    sales_count, sales_total, change = session.execute(
        select(func.count(), func.coalesce(func.sum(Sale.total), 0),
               func.coalesce(func.sum(Sale.change), 0)).where(in_shift)).one()
    tendered: dict[str, int] = {
        kind: int(total) for kind, total in session.execute(
            select(Tender.kind, func.sum(Tender.amount)).join(Sale, Sale.id == Tender.sale_id)
            .where(in_shift).group_by(Tender.kind))}
    if change:
        tendered["cash"] = tendered.get("cash", 0) - int(change)  # change left the drawer
    cash_sales = session.execute(
        select(func.count(distinct(Tender.sale_id))).join(Sale, Sale.id == Tender.sale_id)
        .where(in_shift, Tender.kind == "cash")).scalar_one()
    returns_count, returns_total = session.execute(
        select(func.count(), func.coalesce(func.sum(SaleReturn.refund_total), 0))
        .where(SaleReturn.shift_id == sid)).one()
    refunded = {
        kind: int(total) for kind, total in session.execute(
            select(RefundTender.kind, func.sum(RefundTender.amount))
            .join(SaleReturn, SaleReturn.id == RefundTender.return_id)
            .where(SaleReturn.shift_id == sid).group_by(RefundTender.kind))}
    cash_refunds = session.execute(
        select(func.count(distinct(RefundTender.return_id)))
        .join(SaleReturn, SaleReturn.id == RefundTender.return_id)
        .where(SaleReturn.shift_id == sid, RefundTender.kind == "cash",
               RefundTender.amount > 0)).scalar_one()  # the slip's rule: cash paid out
    moves, no_sales = _moves(session, sid)
    voids = dict.fromkeys(VOIDS.values(), 0)
    for action, n in session.execute(
            select(AuditLog.action, func.count()).where(
                AuditLog.action.in_(VOIDS), AuditLog.at >= shift.opened_at,
                AuditLog.at <= until).group_by(AuditLog.action)):
        voids[VOIDS[action]] = int(n)
    coupons = session.execute(
        select(func.count()).select_from(CouponRedemption).join(
            Sale, Sale.id == CouponRedemption.sale_id).where(in_shift)).scalar_one()
    gifts = session.execute(
        select(func.count()).select_from(CouponRedemption).where(
            CouponRedemption.kind == "gift", CouponRedemption.sale_id.is_(None),
            CouponRedemption.redeemed_at >= shift.opened_at,
            CouponRedemption.redeemed_at <= until)).scalar_one()
    seq, hash_ = audit_head(session)
    return ShiftFacts(
        opening_float=shift.opening_float, sales_count=int(sales_count),
        sales_total=int(sales_total), returns_count=int(returns_count),
        returns_total=int(returns_total), tendered=tendered, refunded=refunded,
        moves=moves, discounts=_discounts(session, sid), cash_sales=int(cash_sales),
        cash_refunds=int(cash_refunds), no_sales=no_sales, coupons_redeemed=int(coupons),
        gifts_handed=int(gifts), queued_events=queued_events(session),
        paired=paired(session), audit_seq=seq, audit_hash=hash_, **voids,
    )


def _moves(session: Session, shift_id: str) -> tuple[tuple[MoveFigures, ...], int]:
    moves, no_sales = [], 0
    for kind, reason, n, amount in session.execute(
            select(CashMove.kind, CashMove.reason_code, func.count(), func.sum(CashMove.amount))
            .where(CashMove.shift_id == shift_id)
            .group_by(CashMove.kind, CashMove.reason_code)
            .order_by(CashMove.kind, CashMove.reason_code)):
        if kind == "no_sale":
            no_sales += int(n)
        else:
            moves.append(MoveFigures(kind, reason, int(n), int(amount)))
    return tuple(moves), no_sales


def _discounts(session: Session, shift_id: str) -> tuple[DiscountFigures, ...]:
    a = SaleLineAdjustment
    rule = rule_key(a.kind, a.rule_id)
    rows = session.execute(
        select(a.kind, rule, a.name, func.count(distinct(a.sale_id)), func.sum(a.amount))
        .join(Sale, Sale.id == a.sale_id)
        .where(Sale.shift_id == shift_id, Sale.status == COMPLETED)
        .group_by(a.kind, rule, a.name)
        .order_by(func.sum(a.amount).desc(), a.kind, rule))
    return tuple(DiscountFigures(k, r, n, int(c), int(s)) for k, r, n, c, s in rows)
