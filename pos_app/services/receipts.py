"""Receipts from what was committed, printing them, and reprinting the last one.

The sale is already on disk when printing starts, so a failing printer costs a reprint,
never the sale.
"""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import Session, select

from local_db.models import Sale, SaleLine, Staff, Store, Terminal
from local_db.models import Tender as TenderRow
from local_db.uow import read_session, write_session
from pos_app.domain.receipt import Receipt, ReceiptLine, ReceiptTender
from pos_app.domain.tenders import tender_label
from pos_app.errors import PosError
from pos_app.i18n import gettext
from pos_app.ports import ReceiptPrinterPort
from pos_app.services import audit
from pos_app.services.context import StaffInfo, TerminalInfo


def _staff_name(session: Session, staff_id: str | None, cache: dict[str, str]) -> str | None:
    if not staff_id:
        return None
    if staff_id not in cache:
        staff = session.get(Staff, staff_id)
        cache[staff_id] = staff.name if staff else staff_id[:8]
    return cache[staff_id]


class ReceiptService:
    def __init__(
        self, engine: Engine, terminal: TerminalInfo, printer: ReceiptPrinterPort | None
    ) -> None:
        self._engine = engine
        self._terminal = terminal
        self._printer = printer

    def set_printer(self, printer: ReceiptPrinterPort | None) -> None:
        self._printer = printer

    def receipt_for(self, sale_id: str, reprint: bool = False) -> Receipt:
        with read_session(self._engine) as session:
            sale = session.get(Sale, sale_id)
            if sale is None:
                raise PosError("no_receipt_to_reprint")
            terminal = session.get(Terminal, sale.terminal_id)
            store = session.get(Store, terminal.store_id) if terminal else None
            names: dict[str, str] = {}
            lines = session.exec(
                select(SaleLine).where(SaleLine.sale_id == sale_id).order_by(SaleLine.line_no)
            ).all()
            tenders = session.exec(
                select(TenderRow).where(TenderRow.sale_id == sale_id).order_by(TenderRow.line_no)
            ).all()
            return Receipt(
                store_name=store.name if store else self._terminal.store_name,
                store_address=store.address if store else "",
                receipt_no=sale.receipt_no,
                sale_id=sale.id,
                created_at=sale.created_at.astimezone(),
                cashier_name=_staff_name(session, sale.cashier_id, names) or "",
                lines=tuple(
                    ReceiptLine(
                        name=line.name,
                        quantity=line.quantity,
                        unit_price=line.unit_price,
                        discount=line.line_discount + line.order_discount,
                        amount=line.net,
                        unit_code=line.unit_code,
                        guide_name=_staff_name(session, line.guide_id, names),
                    )
                    for line in lines
                ),
                subtotal=sale.subtotal,
                discount_total=sale.discount_total,
                total=sale.total,
                tax_total=sale.tax_total,
                tenders=tuple(
                    ReceiptTender(label=tender_label(t.kind), amount=t.amount,
                                  reference=t.reference or None)
                    for t in tenders
                ),
                change=sale.change,
                footer=gettext("Thank you for shopping with us"),
                reprint=reprint,
            )

    def last_sale_id(self) -> str | None:
        with read_session(self._engine) as session:
            return session.exec(
                select(Sale.id)
                .where(Sale.terminal_id == self._terminal.terminal_id)
                .order_by(Sale.created_at.desc(), Sale.id.desc())
                .limit(1)
            ).first()

    def print_sale(self, sale_id: str, reprint: bool = False) -> Receipt:
        """Print; PosError from the printer reaches the caller, the sale stays committed."""
        receipt = self.receipt_for(sale_id, reprint=reprint)
        if self._printer is not None:
            self._printer.print_receipt(receipt)
        return receipt

    def reprint_last(self, staff: StaffInfo | None) -> Receipt:
        sale_id = self.last_sale_id()
        if sale_id is None:
            raise PosError("no_receipt_to_reprint")
        with write_session(self._engine) as session:
            audit.append(session, "receipt_reprinted", staff.id if staff else None, sale_id)
        return self.print_sale(sale_id, reprint=True)
