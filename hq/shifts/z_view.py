"""HQ's own Z of a shift, computed from the sales, returns and cash moves HQ holds with the
till's rule (pos_app.domain.shifts.build_report), beside the Z the till reported; and the
same per store and day. Reads only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Connection, case, distinct, func, or_, select

from hq import models as m
from hq.policy import store_tz
from pos_app.domain.shifts import (
    DiscountFigures,
    MoveFigures,
    ShiftFacts,
    ShiftReport,
    build_report,
)
from sync.contract.events_shifts import ZFigures

SALE, TENDER, SHIFT = m.Sale.__table__, m.Tender.__table__, m.Shift.__table__
RET, REFUND = m.SaleReturn.__table__, m.RefundTender.__table__
MOVE, Z, ADJ = m.CashMove.__table__, m.ZReport.__table__, m.SaleLineAdjustment.__table__
TERM = m.Terminal.__table__


def hq_facts(conn: Connection, shift_id: str, opening_float: int,
             terminal_id: str) -> ShiftFacts:
    """The facts of one shift as HQ's tables hold them (what the till pushed and HQ kept),
    of its own terminal only: a sale, return or move another device sent naming this
    shift's id never reaches this Z."""
    in_shift = (SALE.c.shift_id == shift_id) & (SALE.c.terminal_id == terminal_id)
    ret_in_shift = (RET.c.shift_id == shift_id) & (RET.c.terminal_id == terminal_id)
    count, total, change = conn.execute(
        select(func.count(), func.coalesce(func.sum(SALE.c.total), 0),
               func.coalesce(func.sum(SALE.c.change), 0)).where(in_shift)).one()
    tendered = {k: int(v) for k, v in conn.execute(
        select(TENDER.c.kind, func.sum(TENDER.c.amount))
        .join(SALE, SALE.c.id == TENDER.c.sale_id).where(in_shift).group_by(TENDER.c.kind))}
    if change:
        tendered["cash"] = tendered.get("cash", 0) - int(change)
    cash_sales = conn.execute(
        select(func.count(distinct(TENDER.c.sale_id))).join(SALE, SALE.c.id == TENDER.c.sale_id)
        .where(in_shift, TENDER.c.kind == "cash")).scalar_one()
    r_count, r_total = conn.execute(
        select(func.count(), func.coalesce(func.sum(RET.c.refund_total), 0))
        .where(ret_in_shift)).one()
    refunded = {k: int(v) for k, v in conn.execute(
        select(REFUND.c.kind, func.sum(REFUND.c.amount))
        .join(RET, RET.c.id == REFUND.c.return_id).where(ret_in_shift)
        .group_by(REFUND.c.kind))}
    cash_refunds = conn.execute(
        select(func.count(distinct(REFUND.c.return_id)))
        .join(RET, RET.c.id == REFUND.c.return_id)
        .where(ret_in_shift, REFUND.c.kind == "cash", REFUND.c.amount > 0)).scalar_one()
    moves, no_sales = [], 0
    for kind, reason, n, amount in conn.execute(
            select(MOVE.c.kind, MOVE.c.reason_code, func.count(), func.sum(MOVE.c.amount))
            .where(MOVE.c.shift_id == shift_id, MOVE.c.terminal_id == terminal_id)
            .group_by(MOVE.c.kind, MOVE.c.reason_code)
            .order_by(MOVE.c.kind, MOVE.c.reason_code)):
        if kind == "no_sale":
            no_sales += int(n)
        else:
            moves.append(MoveFigures(kind, reason, int(n), int(amount)))
    rule = case((ADJ.c.kind == "coupon", ""), else_=ADJ.c.rule_id)  # coupons: one line
    discounts = tuple(
        DiscountFigures(k, r, n, int(c), int(s)) for k, r, n, c, s in conn.execute(
            select(ADJ.c.kind, rule, ADJ.c.name, func.count(distinct(ADJ.c.sale_id)),
                   func.sum(ADJ.c.amount)).join(SALE, SALE.c.id == ADJ.c.sale_id)
            .where(in_shift).group_by(ADJ.c.kind, rule, ADJ.c.name)
            .order_by(func.sum(ADJ.c.amount).desc(), ADJ.c.kind, rule)))
    return ShiftFacts(
        opening_float=opening_float, sales_count=int(count), sales_total=int(total),
        returns_count=int(r_count), returns_total=int(r_total), tendered=tendered,
        refunded=refunded, moves=tuple(moves), discounts=discounts,
        cash_sales=int(cash_sales), cash_refunds=int(cash_refunds), no_sales=no_sales)


def differences(hq: ShiftReport, till: ZFigures | None) -> list[str]:
    """Where the till's reported Z and HQ's view disagree ('' fields: none), to the fen."""
    if till is None:
        return ["no Z reported yet"]
    out = [f"{name}: till {getattr(till, name)} / HQ {getattr(hq, name)}"
           for name in ("sales_count", "sales_total", "returns_count", "returns_total",
                        "cash_in", "cash_out", "no_sales", "discount_total",
                        "points_tendered", "expected_cash", "opening_float")
           if getattr(till, name) != getattr(hq, name)]
    mine = {t.kind: (t.sales, t.refunds, t.expected) for t in hq.tenders}
    theirs = {t.kind: (t.sales, t.refunds, t.expected) for t in till.tenders}
    for kind in sorted(set(mine) | set(theirs)):
        if mine.get(kind, (0, 0, 0)) != theirs.get(kind, (0, 0, 0)):
            out.append(f"tender {kind}: till {theirs.get(kind)} / HQ {mine.get(kind)}")
    return out


@dataclass(frozen=True)
class ShiftZ:
    terminal_code: str
    shift_id: str
    opened_at: datetime
    closed_at: datetime | None
    hq: ShiftReport  # HQ's own view
    till: ZFigures | None  # as reported (None: not closed, or its close not received)
    differences: list[str]


def shift_z(conn: Connection, shift_id: str) -> ShiftZ | None:
    row = conn.execute(
        select(SHIFT.c.id, SHIFT.c.opening_float, SHIFT.c.opened_at, SHIFT.c.closed_at,
               SHIFT.c.opened_by, TERM.c.code, m.Store.__table__.c.code, SHIFT.c.terminal_id)
        .join(TERM, TERM.c.id == SHIFT.c.terminal_id)
        .join(m.Store.__table__, m.Store.__table__.c.id == SHIFT.c.store_id)
        .where(SHIFT.c.id == shift_id)).first()
    if row is None:
        return None
    sid, opening, opened_at, closed_at, opened_by, terminal_code, store_code, tid = row
    reported = conn.execute(select(Z.c.figures).where(
        Z.c.shift_id == sid, Z.c.terminal_id == tid)).scalar()
    till = ZFigures.model_validate_json(reported) if reported else None
    report = build_report(
        hq_facts(conn, sid, int(opening), tid), kind="HQ", shift_id=sid, store_code=store_code,
        terminal_code=terminal_code, opened_by=opened_by, opened_at=opened_at.isoformat(),
        at=(closed_at or m.utcnow()).isoformat(), z_no=till.z_no if till else 0)
    return ShiftZ(terminal_code, sid, opened_at, closed_at, report, till,
                  differences(report, till))


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The store's day in UTC (hq.policy.store_tz: the KPIs' calendar too). Converted to
    UTC here: SQLite keeps UTC clock strings, so a bound left in the store's zone would be
    compared hours off."""
    start = datetime.combine(day, time.min, tzinfo=store_tz())
    return start.astimezone(UTC), (start + timedelta(days=1)).astimezone(UTC)


def day_z(conn: Connection, store_id: str, day: date) -> list[ShiftZ]:
    """Every shift of the store closed that day, or open and still unclosed then, by
    terminal and opening time."""
    start, end = day_bounds(day)
    ids = conn.execute(
        select(SHIFT.c.id).join(TERM, TERM.c.id == SHIFT.c.terminal_id)
        .where(SHIFT.c.store_id == store_id, SHIFT.c.opened_at < end,
               or_(SHIFT.c.closed_at >= start, SHIFT.c.closed_at.is_(None)))
        .order_by(TERM.c.code, SHIFT.c.opened_at)).scalars().all()
    return [z for z in (shift_z(conn, sid) for sid in ids) if z is not None]
