"""Receipts from what was committed, printing them, and reprinting the last one.

The sale is already on disk when printing starts, so a failing printer costs a reprint,
never the sale. Receipts speak the store's receipt language (`set_language`, from
Settings.receipt_language), whatever the signed-in cashier's screen speaks.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import Engine
from sqlmodel import Session, select

from local_db.models import Sale, SaleLine, SaleLineAdjustment, Staff, Store, Terminal
from local_db.models import Tender as TenderRow
from local_db.models_members import Member, PointsEntry
from local_db.promotions import campaign_names
from local_db.uow import read_session, write_session
from pos_app.domain.gift_slip import GiftSlip
from pos_app.domain.members import mask_code, mask_name, mask_phone
from pos_app.domain.receipt import (
    Receipt,
    ReceiptAdjustment,
    ReceiptLine,
    ReceiptMember,
    ReceiptTender,
)
from pos_app.domain.returns import ReturnSlip
from pos_app.domain.shifts import ShiftReport
from pos_app.domain.shifts.cash_slip import CashSlip
from pos_app.domain.tenders import LABELS, TenderKind
from pos_app.errors import PosError
from pos_app.i18n import DEFAULT_LANGUAGE, gettext_in
from pos_app.ports import ReceiptPrinterPort
from pos_app.services import audit
from pos_app.services.context import StaffInfo, TerminalInfo
from pos_app.services.loyalty import standing_in


def _staff_name(session: Session, staff_id: str | None, cache: dict[str, str]) -> str | None:
    if not staff_id:
        return None
    if staff_id not in cache:
        staff = session.get(Staff, staff_id)
        cache[staff_id] = staff.name if staff else staff_id[:8]
    return cache[staff_id]


def _member(session: Session, sale: Sale) -> ReceiptMember | None:
    """The sale's member, masked, with this sale's points and the balance they leave (the
    balance as it stands now: on a reprint, later sales and returns are in it)."""
    if not sale.member_id:
        return None
    member = session.get(Member, sale.member_id)
    if member is None:
        return None
    if member.merged_into:  # HQ merged this member: the points live on the survivor
        member = session.get(Member, member.merged_into) or member
    deltas = {reason: delta for reason, delta in session.exec(
        select(PointsEntry.reason, PointsEntry.delta).where(
            PointsEntry.sale_id == sale.id, PointsEntry.return_id.is_(None),
            PointsEntry.reason.in_(("sale_earn", "sale_redeem")),
        )
    ).all()}
    masked = mask_phone(member.phone) or mask_code(member.card_no) or mask_name(member.name)
    return ReceiptMember(
        masked=masked,
        points_earned=deltas.get("sale_earn", 0),
        points_redeemed=-deltas.get("sale_redeem", 0),
        points_balance=standing_in(session, member.id).balance,
    )


def _adjustments(session: Session, sale_id: str) -> dict[str, tuple[ReceiptAdjustment, ...]]:
    """Each line's adjustments in the order the rules ran (none for older sales)."""
    found: dict[str, list[ReceiptAdjustment]] = {}
    for row in session.exec(
        select(SaleLineAdjustment).where(SaleLineAdjustment.sale_id == sale_id)
        .order_by(SaleLineAdjustment.sale_line_id, SaleLineAdjustment.seq)
    ).all():
        found.setdefault(row.sale_line_id, []).append(
            ReceiptAdjustment(kind=row.kind, name=row.name, amount=row.amount,
                              rule_id=row.rule_id))
    return {line_id: tuple(adj) for line_id, adj in found.items()}


class ReceiptService:
    def __init__(
        self, engine: Engine, terminal: TerminalInfo, printer: ReceiptPrinterPort | None
    ) -> None:
        self._engine = engine
        self._terminal = terminal
        self._printer = printer
        self._language = DEFAULT_LANGUAGE

    @property
    def language(self) -> str:
        return self._language

    def set_language(self, language: str) -> None:
        """The store's receipt language (Settings.receipt_language), applied at once."""
        self._language = language

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
            lang = self._language
            adjustments = _adjustments(session, sale_id)
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
                        adjustments=adjustments.get(line.id, ()),
                    )
                    for line in lines
                ),
                subtotal=sale.subtotal,
                discount_total=sale.discount_total,
                total=sale.total,
                tax_total=sale.tax_total,
                tenders=tuple(
                    ReceiptTender(label=gettext_in(lang, LABELS[TenderKind(t.kind)]),
                                  amount=t.amount, reference=t.reference or None,
                                  kind=t.kind)
                    for t in tenders
                ),
                change=sale.change,
                footer=gettext_in(lang, "Thank you for shopping with us"),
                reprint=reprint,
                member=_member(session, sale),
                language=lang,
                # named as the till held them, ended campaigns too (reprints of old sales)
                campaign_names=campaign_names(session) if any(adjustments.values()) else {},
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

    def print_gift_slip(self, slip: GiftSlip) -> GiftSlip:
        """Print a gift redemption's slip in the store's receipt language; PosError from
        the printer reaches the caller, the redemption stays committed."""
        slip = replace(slip, language=self._language)
        if self._printer is not None:
            self._printer.print_gift_slip(slip)
        return slip

    def print_return_slip(self, slip: ReturnSlip) -> ReturnSlip:
        """Print a return's slip in the store's receipt language; PosError from the
        printer reaches the caller, the return stays committed."""
        slip = replace(slip, language=self._language)
        if self._printer is not None:
            self._printer.print_return_slip(slip)
        return slip

    def print_shift_slip(self, report: ShiftReport) -> None:
        """Print an X or Z (a Z as stored, so a reprint is the same bytes) in the store's
        receipt language; PosError from the printer reaches the caller."""
        if self._printer is not None:
            self._printer.print_shift_slip(report, self._language)

    def print_cash_slip(self, slip: CashSlip) -> CashSlip:
        """Print a cash in / out / no-sale slip in the store's receipt language; PosError
        from the printer reaches the caller, the move stays committed."""
        slip = replace(slip, language=self._language)
        if self._printer is not None:
            self._printer.print_cash_slip(slip)
        return slip

    def open_drawer(self) -> None:
        """Kick the cash drawer (a no-sale, once it is recorded); PosError when it fails."""
        if self._printer is not None:
            self._printer.open_drawer()

    def reprint_last(self, staff: StaffInfo | None) -> Receipt:
        sale_id = self.last_sale_id()
        if sale_id is None:
            raise PosError("no_receipt_to_reprint")
        with write_session(self._engine) as session:
            audit.append(session, "receipt_reprinted", staff.id if staff else None, sale_id)
        return self.print_sale(sale_id, reprint=True)
