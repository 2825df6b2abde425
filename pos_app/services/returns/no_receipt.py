"""A return without receipt (issue 18): a manager's flow (Action.RETURN_WITHOUT_RECEIPT).

The product is scanned or searched and its price looked up in the catalogue (a manager may
type it lower, never higher: `domain.returns.no_receipt_cap`); a tracked product's unit
code is scanned and goes back to in_stock; the refund is cash or STORE CREDIT, a tender kind
whose voucher number (`<store>-<terminal>-C<6 digits>`, gap-free per terminal) is printed on
the slip; the reason comes from a fixed list. One transaction: the return (kind
"no_receipt", no sale), its lines, the refund, stock moves, units, the `return.no_receipt`
event and the audit row. HQ bounds the value with its own catalogue and flags it for review.

Redeeming store credit as a sale tender is not built yet (the voucher is only recorded).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, insert
from sqlmodel import Session

from local_db.ids import new_id, utcnow
from local_db.models import Product, RefundTender, ReturnLine, SaleReturn, StockMove
from local_db.uow import write_session
from pos_app.domain.codes import CodeKind, classify
from pos_app.domain.money import format_money
from pos_app.domain.permissions import Action
from pos_app.domain.returns import REASONS, no_receipt_cap
from pos_app.domain.tenders import TenderKind
from pos_app.errors import PosError
from pos_app.services import audit, outbox, units
from pos_app.services.approvals import Approval, NeedsApproval, decide, hold, needs
from pos_app.services.catalog import CatalogService
from pos_app.services.checkout import ADJUST_STOCK, next_sequence
from pos_app.services.context import ShiftInfo, StaffInfo, TerminalInfo
from pos_app.services.returns.model import CompletedReturn, RefundPart
from pos_app.services.returns.write import return_number
from pos_app.services.units import UnitService
from sync.contract.events_returns import NoReceiptReturnPayload

MAX_QUANTITY = 999
REFUND_KINDS = (TenderKind.CASH, TenderKind.STORE_CREDIT)


@dataclass(frozen=True)
class NoReceiptItem:
    """A product (or one unit of it) coming back, as looked up in the catalogue."""

    product_id: str
    sku: str
    name: str
    unit_price: int  # the catalogue's price now, fen
    tracked: bool  # a unit-tracked product: its unit code must be scanned
    unit_code: str | None = None


@dataclass(frozen=True)
class NoReceiptLine:
    item: NoReceiptItem
    quantity: int = 1
    amount: int | None = None  # None: the catalogue price × quantity; a manager may type less

    @property
    def refund(self) -> int:
        cap = no_receipt_cap(self.item.unit_price, self.quantity)
        return cap if self.amount is None else self.amount


class NoReceiptReturns:
    def __init__(self, engine: Engine, terminal: TerminalInfo, catalog: CatalogService,
                 unit_service: UnitService, clock: Callable[[], datetime] = utcnow) -> None:
        self._engine = engine
        self._terminal = terminal
        self._catalog = catalog
        self._units = unit_service
        self._clock = clock

    def look_up(self, code: str) -> NoReceiptItem:
        """A product barcode or a unit code, as the sale screen reads them."""
        c = classify(code, "sale")
        if c.kind == CodeKind.UNIT:
            c = self._units.as_registered(c)
            product = self._catalog.find_for_unit(c)
            return NoReceiptItem(product.product_id, product.sku, product.name,
                                 product.unit_price, True, str(c.unit_key))
        product = self._catalog.find_by_barcode(c.barcode or code)
        return NoReceiptItem(product.product_id, product.sku, product.name,
                             product.unit_price, product.unit_tracked)

    def item_for_product(self, product_id: str, sku: str, name: str, unit_price: int,
                         tracked: bool) -> NoReceiptItem:
        """A product picked from the search list (its catalogue price as listed)."""
        return NoReceiptItem(product_id, sku, name, unit_price, tracked)

    def complete(self, lines: list[NoReceiptLine], refund_kind: str, reason_code: str,
                 staff: StaffInfo | None, shift: ShiftInfo | None,
                 approved_by: Approval | None = None, note: str = "") -> CompletedReturn:
        if staff is None:
            raise PosError("not_signed_in")
        if shift is None:
            raise PosError("no_open_shift")
        approver = decide(staff, Action.RETURN_WITHOUT_RECEIPT, approved_by)
        if isinstance(approver, NeedsApproval):
            raise approver.reason
        _check(lines, refund_kind, reason_code)
        hold(approved_by, no_receipt_ask(lines, refund_kind, note))  # what was approved
        with write_session(self._engine) as session:
            return self._write(session, lines, TenderKind(refund_kind), reason_code,
                               note.strip()[:200], staff, shift, approver)

    def _write(self, session: Session, lines: list[NoReceiptLine], kind: TenderKind,
               reason_code: str, note: str, staff: StaffInfo, shift: ShiftInfo,
               approver: StaffInfo) -> CompletedReturn:
        _within_catalogue(session, lines)
        t, at = self._terminal, self._clock()
        total = sum(line.refund for line in lines)
        voucher = ""
        if kind == TenderKind.STORE_CREDIT and total:
            seq = next_sequence(session, f"store_credit:{t.terminal_id}")
            voucher = f"{t.store_code}-{t.terminal_code}-C{seq:06d}"
        row = {"id": new_id(), "return_no": return_number(session, t), "sale_id": None,
               "kind": "no_receipt", "receipt_no": "", "reason_code": reason_code,
               "terminal_id": t.terminal_id, "shift_id": shift.id, "staff_id": staff.id,
               "approved_by": approver.id, "created_at": at, "refund_total": total,
               "to_cash": kind == TenderKind.CASH, "reason": note}
        conn = session.connection()
        conn.execute(insert(SaleReturn.__table__), row)
        rows, unit_moves = [], []
        for line in lines:
            rows.append({"id": new_id(), "return_id": row["id"], "sale_line_id": None,
                         "product_id": line.item.product_id, "quantity": line.quantity,
                         "amount": line.refund, "unit_code": line.item.unit_code})
            if line.item.unit_code:
                unit = units.lookup_row(session, line.item.unit_code)
                if unit is None or unit.state != "sold" or unit.product_id != line.item.product_id:
                    raise PosError("return_unit_not_sold", code=line.item.unit_code,
                                   name=line.item.name)
                unit_moves += units.put_back(session, line.item.unit_code, row["id"],
                                             staff.id, at)
        conn.execute(insert(ReturnLine.__table__), rows)
        conn.execute(insert(StockMove.__table__), [
            {"id": new_id(), "product_id": r["product_id"], "quantity": r["quantity"],
             "reason": "return", "return_id": row["id"], "sale_id": None,
             "sale_line_id": None, "created_at": at} for r in rows])
        conn.execute(ADJUST_STOCK, [{"pid": r["product_id"], "delta": r["quantity"]}
                                    for r in rows])
        parts = [RefundPart(0, kind.value, total, voucher)] if total else []
        if parts:
            conn.execute(insert(RefundTender.__table__), [
                {"id": new_id(), "return_id": row["id"], "line_no": 0, "kind": kind.value,
                 "amount": total, "reference": voucher}])
        payload = {
            "id": row["id"], "return_no": row["return_no"], "terminal_id": t.terminal_id,
            "shift_id": shift.id, "staff_id": staff.id, "approved_by": approver.id,
            "created_at": at, "refund_total": total, "reason_code": reason_code,
            "note": note, "unit_moves": unit_moves,
            "lines": [{"id": r["id"], "product_id": r["product_id"], "quantity": r["quantity"],
                       "unit_price": line.item.unit_price, "amount": r["amount"],
                       "unit_code": r["unit_code"]}
                      for r, line in zip(rows, lines, strict=True)],
            "refunds": [{"line_no": 0, "kind": p.kind, "amount": p.amount,
                         "reference": p.reference} for p in parts],
        }
        outbox.enqueue(session, row["id"], NoReceiptReturnPayload.model_validate(payload))
        audit.append(session, "return_without_receipt", staff.id, row["id"],
                     refund_total=total, refund_kind=kind.value, reason_code=reason_code,
                     voucher=voucher, approved_by=approver.id)
        return CompletedReturn(
            return_id=row["id"], return_no=row["return_no"], sale_id=None,
            refund_total=total, refunds=tuple(parts),
            unit_keys=tuple(r["unit_code"] for r in rows if r["unit_code"]),
            kind="no_receipt")


def no_receipt_ask(lines: list[NoReceiptLine], refund_kind: str, note: str = ""
                   ) -> NeedsApproval:
    """What a manager is asked (returns/asks.py): the refund kind as the thing, the refund
    as the amount after (nothing before: no sale), the note."""
    return needs(Action.RETURN_WITHOUT_RECEIPT, refund_kind, None,
                 sum(line.refund for line in lines), note.strip()[:200])


def _check(lines: list[NoReceiptLine], refund_kind: str, reason_code: str) -> None:
    """Refuse what the manager's screen should not have let through, in the till's words."""
    if reason_code not in REASONS:
        raise PosError("return_reason_required")
    if refund_kind not in REFUND_KINDS:
        raise PosError("return_refund_kind_invalid")
    if not lines:
        raise PosError("return_nothing_picked")
    seen: set[str] = set()
    for line in lines:
        item = line.item
        if not 1 <= line.quantity <= MAX_QUANTITY:
            raise PosError("return_quantity_invalid", limit=MAX_QUANTITY)
        if item.tracked and (not item.unit_code or line.quantity != 1):
            raise PosError("return_unit_required", name=item.name)
        if item.unit_code:
            if item.unit_code in seen:
                raise PosError("unit_in_cart", code=item.unit_code)
            seen.add(item.unit_code)
        cap = no_receipt_cap(item.unit_price, line.quantity)
        if line.amount is not None and not 0 <= line.amount <= cap:
            raise PosError("return_price_above_catalogue",
                           price=format_money(item.unit_price))


def _within_catalogue(session: Session, lines: list[NoReceiptLine]) -> None:
    """Each line's price read again from the catalogue in the write's own transaction: the
    screen hands in an item with a price, and a refund without receipt is bounded by the
    catalogue's, never by what the caller says it is (review of issue 18, item 4c)."""
    for line in lines:
        product = session.get(Product, line.item.product_id)
        if product is None:
            raise PosError("product_not_found", query=line.item.sku or line.item.name)
        if line.item.unit_price > product.price:
            raise PosError("return_price_above_catalogue", price=format_money(product.price))
