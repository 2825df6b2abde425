"""Ringing up and completing a sale.

`complete_sale` writes the sale, its lines, tenders, stock moves, the receipt number and the
outbox event in ONE SQLite transaction (BEGIN IMMEDIATE … COMMIT with synchronous=FULL):
after a crash either all of it is on disk or none of it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, update
from sqlmodel import Session

from local_db.ids import new_id, utcnow
from local_db.models import Product, Sale, SaleLine, Sequence, StockMove
from local_db.models import Tender as TenderRow
from local_db.uow import write_session
from pos_app.domain.cart import Cart, CartLine, CartTotals
from pos_app.domain.tenders import Settlement, Tender, settle
from pos_app.errors import PosError
from pos_app.services import outbox
from pos_app.services.catalog import CatalogService
from pos_app.services.context import ShiftInfo, StaffInfo, TerminalInfo


@dataclass(frozen=True)
class CompletedSale:
    sale_id: str
    receipt_no: str
    total: int
    paid: int
    change: int
    created_at: datetime


def receipt_number(store_code: str, terminal_code: str, seq: int) -> str:
    return f"{store_code}-{terminal_code}-{seq:06d}"


def next_sequence(session: Session, name: str) -> int:
    """Gap-free: the bump commits or rolls back together with the sale that uses it."""
    row = session.get(Sequence, name)
    if row is None:
        row = Sequence(name=name, value=0)
        session.add(row)
    row.value += 1
    session.flush()
    return row.value


class CheckoutService:
    def __init__(
        self,
        engine: Engine,
        terminal: TerminalInfo,
        catalog: CatalogService,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._engine = engine
        self._terminal = terminal
        self._catalog = catalog
        self._clock = clock

    def scan(self, cart: Cart, raw_code: str, quantity: int = 1) -> CartLine:
        """Barcode → cart line; unknown or malformed codes raise and leave the cart as it was."""
        product = self._catalog.find_by_barcode(raw_code)
        return cart.add(product, quantity)

    def complete_sale(
        self,
        cart: Cart,
        tenders: list[Tender],
        staff: StaffInfo | None,
        shift: ShiftInfo | None,
    ) -> CompletedSale:
        if staff is None:
            raise PosError("not_signed_in")
        if shift is None:
            raise PosError("no_open_shift")
        if cart.is_empty:
            raise PosError("cart_empty")
        totals = cart.totals()
        settlement = settle(totals.total, tenders)
        with write_session(self._engine) as session:
            sale = self._write_sale(session, cart, totals, settlement, staff, shift)
        return CompletedSale(
            sale_id=sale.id,
            receipt_no=sale.receipt_no,
            total=sale.total,
            paid=sale.paid,
            change=sale.change,
            created_at=sale.created_at,
        )

    def _write_sale(
        self,
        session: Session,
        cart: Cart,
        totals: CartTotals,
        settlement: Settlement,
        staff: StaffInfo,
        shift: ShiftInfo,
    ) -> Sale:
        t = self._terminal
        seq = next_sequence(session, f"receipt:{t.terminal_id}")
        sale = Sale(
            id=new_id(),
            receipt_no=receipt_number(t.store_code, t.terminal_code, seq),
            terminal_id=t.terminal_id,
            shift_id=shift.id,
            cashier_id=staff.id,
            guide_id=cart.guide_id,
            created_at=self._clock(),
            subtotal=totals.subtotal,
            discount_total=totals.discount_total,
            total=totals.total,
            tax_total=totals.tax_total,
            paid=settlement.paid,
            change=settlement.change,
            line_count=len(totals.lines),
            order_discount_reason=cart.order_discount_reason,
        )
        session.add(sale)
        session.flush()
        lines, tenders, moves = [], [], []
        for no, priced in enumerate(totals.lines, start=1):
            p = priced.line.product
            line = SaleLine(
                id=new_id(),
                sale_id=sale.id,
                line_no=no,
                product_id=p.product_id,
                sku=p.sku,
                name=p.name,
                barcode=p.barcode,
                quantity=priced.line.quantity,
                unit_price=p.unit_price,
                line_discount=priced.line_discount,
                order_discount=priced.order_discount,
                net=priced.net,
                tax_rate_bp=p.tax_rate_bp,
                tax=priced.tax,
                discount_reason=priced.line.discount_reason,
                unit_code=priced.line.unit_code,
                guide_id=priced.line.guide_id,
            )
            lines.append(line)
            moves.append(
                StockMove(
                    product_id=p.product_id,
                    quantity=-priced.line.quantity,
                    reason="sale",
                    sale_id=sale.id,
                    sale_line_id=line.id,
                    created_at=sale.created_at,
                )
            )
        for no, tender in enumerate(settlement.tenders, start=1):
            tenders.append(
                TenderRow(
                    sale_id=sale.id,
                    line_no=no,
                    kind=str(tender.kind),
                    amount=tender.amount,
                    reference=tender.reference.strip(),
                )
            )
        session.add_all(lines)
        session.flush()
        session.add_all(tenders)
        session.add_all(moves)
        for move in moves:
            session.execute(
                update(Product)
                .where(Product.id == move.product_id)
                .values(stock_qty=Product.stock_qty + move.quantity)
            )
        outbox.enqueue(session, "sale.completed", sale.id, _sale_payload(sale, lines, tenders))
        session.flush()
        return sale


def _sale_payload(sale: Sale, lines: list[SaleLine], tenders: list[TenderRow]) -> dict[str, object]:
    """The wire form HQ applies: everything needed to rebuild the sale, ids included."""
    fields = ("id", "receipt_no", "terminal_id", "shift_id", "cashier_id", "guide_id",
              "subtotal", "discount_total", "total", "tax_total", "paid", "change",
              "order_discount_reason")
    payload: dict[str, object] = {f: getattr(sale, f) for f in fields}
    payload["created_at"] = sale.created_at.isoformat()
    payload["lines"] = [
        line.model_dump(exclude={"sale_id"}) for line in lines
    ]
    payload["tenders"] = [
        {"kind": t.kind, "amount": t.amount, "reference": t.reference, "line_no": t.line_no}
        for t in tenders
    ]
    return payload
