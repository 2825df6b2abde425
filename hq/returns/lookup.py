"""A sale as a till of its store may return it: HQ's rows, plus what returns at OTHER
terminals took back (the asking till counts its own, pushed or not, from its own rows)."""

from __future__ import annotations

from datetime import UTC

from sqlalchemy import Connection, func, or_, select

from hq import models as m
from hq.auth import DeviceInfo
from sync.contract.returns_api import ReceiptLine, ReceiptLookupResponse, ReceiptTender

SALE, LINE, TENDER = m.Sale.__table__, m.SaleLine.__table__, m.Tender.__table__
RET, RLINE, REFUND = m.SaleReturn.__table__, m.ReturnLine.__table__, m.RefundTender.__table__
LEDGER = m.PointsLedger.__table__


def find_sale(conn: Connection, code: str, store_id: str) -> object | None:
    """By the sale's UUID or its full receipt number, among `store_id`'s sales only: receipt
    numbers are unique per store, not across them, so another store's sale of the same
    number must not hide the asking till's own."""
    return conn.execute(select(SALE).where(
        SALE.c.store_id == store_id,
        or_(SALE.c.id == code, SALE.c.receipt_no == code))).first()


def returnable(conn: Connection, device: DeviceInfo, sale: object) -> ReceiptLookupResponse:
    sid = sale.id  # type: ignore[attr-defined]
    elsewhere = (RET.c.sale_id == sid) & (RET.c.terminal_id != device.terminal_id)
    by_line = {r[0]: (int(r[1]), int(r[2])) for r in conn.execute(
        select(RLINE.c.sale_line_id, func.sum(RLINE.c.quantity), func.sum(RLINE.c.amount))
        .join(RET, RET.c.id == RLINE.c.return_id).where(elsewhere)
        .group_by(RLINE.c.sale_line_id))}
    by_tender = {int(r[0]): int(r[1]) for r in conn.execute(
        select(REFUND.c.line_no, func.sum(REFUND.c.amount))
        .join(RET, RET.c.id == REFUND.c.return_id).where(elsewhere)
        .group_by(REFUND.c.line_no))}
    total = conn.execute(select(func.coalesce(func.sum(RET.c.refund_total), 0))
                         .where(elsewhere)).scalar_one()
    other_returns = select(RET.c.id).where(elsewhere)
    reversed_ = conn.execute(select(func.coalesce(-func.sum(LEDGER.c.delta), 0)).where(
        LEDGER.c.sale_id == sid, LEDGER.c.return_id.in_(other_returns),
        LEDGER.c.reason.in_(("reversed", "debt")))).scalar_one()
    lines = [ReceiptLine(
        id=ln.id, line_no=ln.line_no, name=ln.name, product_id=ln.product_id,
        quantity=ln.quantity, net=ln.net, unit_code=ln.unit_code,
        returned_elsewhere=by_line.get(ln.id, (0, 0))[0],
        refunded_elsewhere=by_line.get(ln.id, (0, 0))[1])
        for ln in conn.execute(select(LINE).where(LINE.c.sale_id == sid)
                               .order_by(LINE.c.line_no))]
    tenders = [ReceiptTender(line_no=t.line_no, kind=t.kind, amount=t.amount,
                             reference=t.reference or "",
                             refunded_elsewhere=by_tender.get(int(t.line_no), 0))
               for t in conn.execute(select(TENDER).where(TENDER.c.sale_id == sid)
                                     .order_by(TENDER.c.line_no))]
    s = sale
    return ReceiptLookupResponse(
        sale_id=sid, receipt_no=s.receipt_no, terminal_id=s.terminal_id,  # type: ignore[attr-defined]
        created_at=_aware(s.created_at), total=s.total, change=s.change,  # type: ignore[attr-defined]
        member_id=s.member_id, points_earned=int(s.points_earned or 0),  # type: ignore[attr-defined]
        refund_total_elsewhere=int(total), points_reversed_elsewhere=max(0, int(reversed_)),
        lines=lines, tenders=tenders)


def _aware(at):  # type: ignore[no-untyped-def]
    """Core selects may hand back SQLite's naive UTC datetimes."""
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)
