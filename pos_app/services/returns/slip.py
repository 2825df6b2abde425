"""The return slip: read back from the committed return (so a reprint says the same) and
printed through the receipt service, in the store's receipt language."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import select

from local_db.models import Product, RefundTender, ReturnLine, SaleLine, SaleReturn, Staff, Store
from local_db.uow import read_session
from pos_app.domain.returns import ReturnSlip, SlipLine, SlipRefund
from pos_app.errors import PosError
from pos_app.services.context import TerminalInfo
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
                refund_total=ret.refund_total, reason=ret.reason_code)

    def print(self, return_id: str) -> ReturnSlip:
        """Print (PosError from the printer reaches the caller; the return is on disk)."""
        return self._receipts.print_return_slip(self.slip_for(return_id))
