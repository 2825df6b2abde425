"""HQ's facts for the guide KPIs of one store, from the events it holds: the same facts the
till reads from its own database (pos_app/services/kpis/queries.py), fed to the same
pos_app.domain.kpis.compute, so the two agree to the fen once the till has synced.

A line counts for the guide of its latest line_attribution row, else its own guide, else
"no guide". Sale coupons and points count for the sale's guide; a gift for the guide who
handed it out. Overrides are the `override.approved` events tills push (one per approval
audit row, counted for who asked, dated by the row's time, as the till counts its rows);
exceptions are HQ's own exception list for the store's devices.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import tzinfo

from sqlalchemy import Connection, and_, case, func, literal, select

from hq import models as m
from pos_app.domain.kpis import Counted, DayIndex, KpiFacts, Period, ReturnShare, SaleShare

SALE, LINE, PRODUCT = m.Sale.__table__, m.SaleLine.__table__, m.Product.__table__
RET, RLINE = m.SaleReturn.__table__, m.ReturnLine.__table__
ATTR, RED, COUPON = m.LineAttribution.__table__, m.CouponRedemption.__table__, m.Coupon.__table__
MEMBER, TERMINAL = m.Member.__table__, m.Terminal.__table__
OVERRIDE = m.OverrideApproval.__table__
EXC, DEVICE = m.SyncException.__table__, m.Device.__table__


def _credited():
    la = ATTR.alias("la")
    latest = (select(la.c.guide_id).where(la.c.sale_line_id == LINE.c.id)
              .order_by(la.c.at.desc(), la.c.id.desc()).limit(1).scalar_subquery())
    return func.coalesce(latest, LINE.c.guide_id, literal(""))


def load_facts(conn: Connection, store_id: str, period: Period, tz: tzinfo) -> KpiFacts:
    """Every fact of `period` at `store_id`, credited and dated as the till does."""
    return load_facts_of(conn, [store_id], period, tz).get(store_id) or KpiFacts()


def load_facts_of(conn: Connection, store_ids: list[str], period: Period,
                  tz: tzinfo) -> dict[str, KpiFacts]:
    """The facts of several stores in one pass per kind (the rollup refreshes a busy day of
    every store at once): store id → its facts (a store with none is absent)."""
    start, end = period.bounds(tz)
    day = DayIndex(period, tz).of
    out: dict[str, KpiFacts] = defaultdict(KpiFacts)
    g = _credited().label("g")
    tracked = case((PRODUCT.c.unit_tracked, 1), else_=0)
    coded = case((and_(PRODUCT.c.unit_tracked, func.coalesce(LINE.c.unit_code, "") != ""), 1),
                 else_=0)
    sales = (select(SALE.c.store_id, SALE.c.id, SALE.c.created_at, SALE.c.member_id, g,
                    func.sum(LINE.c.quantity), func.sum(LINE.c.net), func.sum(tracked),
                    func.sum(coded))
             .select_from(SALE.join(LINE, LINE.c.sale_id == SALE.c.id)
                          .outerjoin(PRODUCT, PRODUCT.c.id == LINE.c.product_id))
             .where(SALE.c.store_id.in_(store_ids), SALE.c.created_at >= start,
                    SALE.c.created_at < end, SALE.c.status == "completed")
             .group_by(SALE.c.store_id, SALE.c.id, SALE.c.created_at, SALE.c.member_id, g))
    for st, sid, at, mem, gd, u, n, t, c in conn.execute(sales):
        out[st].sales.append(SaleShare(sid, day(at), gd or "", mem is not None, int(u), int(n),
                                       int(t), int(c)))
    g = _credited().label("g")
    rets = (select(RET.c.store_id, RET.c.id, RET.c.created_at, g, func.sum(RLINE.c.quantity),
                   func.sum(RLINE.c.amount), RET.c.kind)
            .select_from(RET.join(RLINE, RLINE.c.return_id == RET.c.id)
                         .outerjoin(LINE, LINE.c.id == RLINE.c.sale_line_id))
            .where(RET.c.store_id.in_(store_ids), RET.c.created_at >= start,
                   RET.c.created_at < end)
            .group_by(RET.c.store_id, RET.c.id, RET.c.created_at, RET.c.kind, g))
    for st, rid, at, gd, u, a, kind in conn.execute(rets):
        out[st].returns.append(ReturnShare(rid, day(at), gd or "", int(u), int(a),
                                           kind == "no_receipt"))
    points = select(SALE.c.store_id, SALE.c.created_at, SALE.c.guide_id,
                    SALE.c.points_earned).where(
        SALE.c.store_id.in_(store_ids), SALE.c.created_at >= start, SALE.c.created_at < end,
        SALE.c.points_earned > 0)
    for st, at, gd, p in conn.execute(points):
        out[st].points.append(Counted(day(at), gd or "", int(p)))
    reds = (select(RED.c.store_id, RED.c.redeemed_at, COUPON.c.kind, RED.c.guide_id,
                   SALE.c.guide_id, RED.c.unit_code)
            .select_from(RED.join(COUPON, COUPON.c.id == RED.c.coupon_id)
                         .outerjoin(SALE, SALE.c.id == RED.c.sale_id))
            .where(RED.c.store_id.in_(store_ids), RED.c.status.in_(("accepted", "conflict")),
                   RED.c.redeemed_at >= start, RED.c.redeemed_at < end))
    for st, at, kind, gift_guide, sale_guide, code in conn.execute(reds):
        if kind == "gift":
            out[st].gifts.append(Counted(day(at), gift_guide or "", 1, bool(code)))
        else:
            out[st].coupons.append(Counted(day(at), sale_guide or ""))
    enrolled = select(MEMBER.c.home_store_id, MEMBER.c.created_at, MEMBER.c.enrolled_by).where(
        MEMBER.c.home_store_id.in_(store_ids), MEMBER.c.enrolled_by.is_not(None),
        MEMBER.c.created_at >= start, MEMBER.c.created_at < end)
    for st, at, by in conn.execute(enrolled):
        out[st].enrolments.append(Counted(day(at), by))
    approvals = select(OVERRIDE.c.store_id, OVERRIDE.c.at, OVERRIDE.c.asked_by).where(
        OVERRIDE.c.store_id.in_(store_ids), OVERRIDE.c.at >= start, OVERRIDE.c.at < end)
    for st, at, asked_by in conn.execute(approvals):
        out[st].overrides.append(Counted(day(at), asked_by or ""))
    excs = (select(TERMINAL.c.store_id, EXC.c.created_at)
            .select_from(EXC.join(DEVICE, DEVICE.c.id == EXC.c.device_id)
                         .join(TERMINAL, TERMINAL.c.id == DEVICE.c.terminal_id))
            .where(TERMINAL.c.store_id.in_(store_ids), EXC.c.created_at >= start,
                   EXC.c.created_at < end))
    for st, at in conn.execute(excs):
        out[st].exceptions.append(Counted(day(at), ""))
    return dict(out)
