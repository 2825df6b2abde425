"""A sale as it can still be returned, from this till's rows and, when HQ answered, from
HQ's: the sale itself when it was made at another till, and what other tills' returns took
back. This till's own returns (pushed or not) are counted from its rows, HQ's `elsewhere`
figures leave them out, so the sum is exact: no till refunds more than was sold.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, text
from sqlmodel import Session, select

from local_db.ids import as_utc
from local_db.models import Product, RefundTender, ReturnLine, Sale, SaleLine, SaleReturn
from local_db.models import Tender as TenderRow
from pos_app.domain.codes import CodeKind, classify
from pos_app.domain.refunds import TenderPaid, tender_room
from pos_app.errors import PosError
from pos_app.services.context import TerminalInfo
from pos_app.services.coupons.revive import sale_coupon_ids
from pos_app.services.returns.model import (
    RefundPart,
    ReturnableLine,
    ReturnableSale,
    full_receipt_no,
)
from pos_app.services.returns.remote import HqAnswer
from sync.contract.returns_api import ReceiptLookupResponse


@dataclass(frozen=True)
class _Mine:
    """This till's earlier returns of one sale."""

    returned: dict[str, int]  # sale_line_id -> units
    refunded_lines: dict[str, int]  # sale_line_id -> fen
    refunded_tenders: dict[int, int]  # tender line_no -> fen
    refund_total: int
    points_reversed: int


def local_sale(session: Session, code: str, terminal: TerminalInfo) -> Sale | None:
    c = classify(code, "sale")
    if c.kind == CodeKind.RECEIPT and c.sale_id:
        return session.get(Sale, c.sale_id)
    number = c.receipt_no if c.kind == CodeKind.RECEIPT and c.receipt_no else code.strip()
    number = full_receipt_no(number, terminal)
    return session.exec(select(Sale).where(Sale.receipt_no == number)).first()


def _mine(session: Session, sale_id: str) -> _Mine:
    by_line = session.exec(
        select(ReturnLine.sale_line_id, func.sum(ReturnLine.quantity), func.sum(ReturnLine.amount))
        .join(SaleReturn, SaleReturn.id == ReturnLine.return_id)
        .where(SaleReturn.sale_id == sale_id).group_by(ReturnLine.sale_line_id)).all()
    tenders = dict(session.exec(
        select(RefundTender.line_no, func.sum(RefundTender.amount))
        .join(SaleReturn, SaleReturn.id == RefundTender.return_id)
        .where(SaleReturn.sale_id == sale_id).group_by(RefundTender.line_no)).all())
    total = session.exec(select(func.coalesce(func.sum(SaleReturn.refund_total), 0))
                         .where(SaleReturn.sale_id == sale_id)).one()
    reversed_ = session.connection().execute(text(
        "SELECT COALESCE(-SUM(delta), 0) FROM points_entry"
        " WHERE sale_id = :sid AND reason = 'return_reverse'"), {"sid": sale_id}).scalar_one()
    return _Mine({r[0]: int(r[1]) for r in by_line}, {r[0]: int(r[2]) for r in by_line},
                 {int(k): int(v) for k, v in tenders.items()}, int(total), int(reversed_))


def _room(tenders: list[TenderPaid], change: int, refunded: dict[int, int]
          ) -> tuple[RefundPart, ...]:
    room = tender_room(tenders, change, refunded)  # the rule HQ bounds refunds with
    return tuple(RefundPart(r.line_no, r.kind, r.amount, r.reference) for r in room)


def load_sale(session: Session, code: str, terminal: TerminalInfo, hq: HqAnswer
              ) -> ReturnableSale:
    """This till's sale (with HQ's `elsewhere` figures when HQ answered), else HQ's."""
    sale = local_sale(session, code, terminal)
    remote = hq.sale
    if sale is None:
        if remote is not None:
            return _from_hq(session, remote)
        if hq.asked and hq.error is not None:
            raise PosError("return_receipt_elsewhere_offline", query=code.strip()[:40])
        raise PosError("sale_not_found", query=code.strip()[:40])
    if remote is not None and remote.sale_id != sale.id:
        remote = None
    mine = _mine(session, sale.id)
    far_lines = {ln.id: ln for ln in remote.lines} if remote else {}
    far_tenders = {t.line_no: t.refunded_elsewhere for t in remote.tenders} if remote else {}
    rows = session.exec(
        select(SaleLine).where(SaleLine.sale_id == sale.id).order_by(SaleLine.line_no)).all()
    lines = []
    english = _english_names(session, [ln.product_id for ln in rows])
    for ln in rows:
        far = far_lines.get(ln.id)
        lines.append(ReturnableLine(
            ln.id, ln.line_no, ln.name, ln.quantity,
            mine.returned.get(ln.id, 0) + (far.returned_elsewhere if far else 0),
            ln.net, ln.unit_code, ln.product_id,
            refunded=mine.refunded_lines.get(ln.id, 0) + (far.refunded_elsewhere if far else 0),
            name_en=english.get(ln.product_id, "")))
    tenders = session.exec(
        select(TenderRow).where(TenderRow.sale_id == sale.id).order_by(TenderRow.line_no)).all()
    refunded = {k: mine.refunded_tenders.get(k, 0) + far_tenders.get(k, 0)
                for k in set(mine.refunded_tenders) | set(far_tenders)}
    earned = session.connection().execute(text(
        "SELECT COALESCE(SUM(delta), 0) FROM points_entry"
        " WHERE sale_id = :sid AND reason = 'sale_earn'"), {"sid": sale.id}).scalar_one()
    return ReturnableSale(
        sale_id=sale.id, receipt_no=sale.receipt_no, created_at=sale.created_at,
        total=sale.total, lines=tuple(lines),
        refundable=_room([TenderPaid(t.line_no, t.kind, t.amount, t.reference)
                          for t in tenders], sale.change, refunded),
        member_id=getattr(sale, "member_id", None),
        coupon_ids=sale_coupon_ids(session, sale.id),
        kind="receipt", hq_checked=remote is not None, points_earned=int(earned),
        points_reversed_before=mine.points_reversed + (
            remote.points_reversed_elsewhere if remote else 0),
        refunded_before=mine.refund_total + (remote.refund_total_elsewhere if remote else 0),
    )


def _from_hq(session: Session, remote: ReceiptLookupResponse) -> ReturnableSale:
    """Another till's sale, as HQ holds it, less this till's and other tills' returns."""
    mine = _mine(session, remote.sale_id)
    english = _english_names(session, [ln.product_id for ln in remote.lines])
    lines = tuple(
        ReturnableLine(ln.id, ln.line_no, ln.name, ln.quantity,
                       mine.returned.get(ln.id, 0) + ln.returned_elsewhere, ln.net,
                       ln.unit_code, ln.product_id,
                       refunded=mine.refunded_lines.get(ln.id, 0) + ln.refunded_elsewhere,
                       name_en=english.get(ln.product_id, ""))
        for ln in sorted(remote.lines, key=lambda ln: ln.line_no))
    refunded = {t.line_no: mine.refunded_tenders.get(t.line_no, 0) + t.refunded_elsewhere
                for t in remote.tenders}
    return ReturnableSale(
        sale_id=remote.sale_id, receipt_no=remote.receipt_no,
        created_at=as_utc(remote.created_at), total=remote.total, lines=lines,
        refundable=_room([TenderPaid(t.line_no, t.kind, t.amount, t.reference)
                          for t in remote.tenders], remote.change, refunded),
        member_id=remote.member_id, coupon_ids=(), kind="other_till", hq_checked=True,
        points_earned=remote.points_earned,
        points_reversed_before=mine.points_reversed + remote.points_reversed_elsewhere,
        refunded_before=mine.refund_total + remote.refund_total_elsewhere,
    )


def _english_names(session: Session, product_ids: list[str]) -> dict[str, str]:
    """The catalogue's English names of the sold products (an English return screen shows
    them; the sale's own line name, the Chinese one, stays what the slip prints)."""
    wanted = sorted({p for p in product_ids if p})
    if not wanted:
        return {}
    return {pid: name or "" for pid, name in session.exec(
        select(Product.id, Product.name_en).where(Product.id.in_(wanted))).all()}
