"""The return slip: read back from the committed return (so a reprint says the same) and
printed through the receipt service, in the store's receipt language."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import Engine
from sqlmodel import Session, select

from local_db.models import (
    Product,
    RefundTender,
    ReturnLine,
    Sale,
    SaleLine,
    SaleReturn,
    Staff,
    Store,
)
from local_db.models_members import Member, PointsEntry
from local_db.uow import read_session
from pos_app.domain.members import mask_code, mask_name, mask_phone
from pos_app.domain.returns import ReturnSlip, SlipLine, SlipMember, SlipRefund
from pos_app.errors import PosError
from pos_app.services.context import TerminalInfo
from pos_app.services.loyalty import standing_in
from pos_app.services.receipts import ReceiptService


class ReturnSlips:
    def __init__(self, engine: Engine, terminal: TerminalInfo, receipts: ReceiptService
                 ) -> None:
        self._engine = engine
        self._terminal = terminal
        self._receipts = receipts

    def slip_for(self, return_id: str) -> ReturnSlip:
        with read_session(self._engine) as session:
            ret = session.get(SaleReturn, return_id)
            if ret is None:
                raise PosError("return_not_found", ref=return_id[:12])
            rows = session.exec(
                select(ReturnLine, SaleLine.name, Product.name_zh)
                .join(Product, Product.id == ReturnLine.product_id)
                .outerjoin(SaleLine, SaleLine.id == ReturnLine.sale_line_id)
                .where(ReturnLine.return_id == return_id)).all()
            refunds = session.exec(select(RefundTender).where(
                RefundTender.return_id == return_id).order_by(RefundTender.line_no)).all()
            staff = session.get(Staff, ret.staff_id)
            approver = session.get(Staff, ret.approved_by) if ret.approved_by else None
            store = session.get(Store, self._terminal.store_id)
            return ReturnSlip(
                store_name=store.name if store else self._terminal.store_name,
                return_no=ret.return_no, receipt_no=ret.receipt_no,
                created_at=ret.created_at, staff_name=staff.name if staff else "",
                approver_name=approver.name if approver else "",
                lines=tuple(SlipLine(sold_name or product_name, line.quantity, line.amount,
                                     line.unit_code)
                            for line, sold_name, product_name in rows),
                refunds=tuple(SlipRefund(r.kind, r.amount, r.reference) for r in refunds),
                refund_total=ret.refund_total, reason=ret.reason_code,
                member=_member(session, ret))

    def print(self, return_id: str, reprint: bool = False) -> ReturnSlip:
        """Print (PosError from the printer reaches the caller; the return is on disk); a
        `reprint` (F9 after a slip that did not print) does not kick the drawer again."""
        return self._receipts.print_return_slip(
            replace(self.slip_for(return_id), reprint=reprint))


def _member(session: Session, ret: SaleReturn) -> SlipMember | None:
    """The returned sale's member and the points this return moved: its own pending entries
    (another till's sale leaves them on the entries; a member this till never held, none)."""
    entries = session.exec(select(PointsEntry.member_id, PointsEntry.reason, PointsEntry.delta)
                           .where(PointsEntry.return_id == ret.id)).all()
    sale = session.get(Sale, ret.sale_id) if ret.sale_id else None
    member_id = sale.member_id if sale is not None and sale.member_id else next(
        (e.member_id for e in entries), None)
    member = session.get(Member, member_id) if member_id else None
    if member is None:
        return None
    if member.merged_into:  # HQ merged this member: the points live on the survivor
        member = session.get(Member, member.merged_into) or member
    deltas = {e.reason: e.delta for e in entries}
    return SlipMember(
        masked=mask_phone(member.phone) or mask_code(member.card_no) or mask_name(member.name),
        points_reversed=-deltas.get("return_reverse", 0),
        points_refunded=deltas.get("return_refund", 0),
        points_balance=standing_in(session, member.id).balance)
