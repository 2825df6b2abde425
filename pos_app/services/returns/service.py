"""Returns against a receipt (PRODUCT §3): find the sale, pick lines, refund, restock.

One transaction writes the return, its lines, refund tenders, stock moves (+qty, reason
"return"), unit codes back to in_stock, the `return.completed` outbox event and the audit
row, and for a member's sale the points deltas (pending `points_entry` rows): earned points
reversed in proportion to the refund (cumulative floors: a full return reverses exactly what
was earned) and points that paid for the sale given back as a positive entry. Refunds go
back to the original tenders in proportion (largest remainder; cash change given is never
refunded) unless a manager approves cash. Line amounts are cumulative floors,
so several partial returns of one line add up exactly to what was paid for it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, func, insert, text
from sqlmodel import Session, select

from local_db.ids import new_id, utcnow
from local_db.models import (
    PointsEntry,
    RefundTender,
    ReturnLine,
    Sale,
    SaleLine,
    SaleReturn,
    StockMove,
)
from local_db.models import Tender as TenderRow
from local_db.uow import read_session, write_session
from pos_app.domain.codes import CodeKind, classify
from pos_app.domain.loyalty import fen_to_points, reversal_due
from pos_app.domain.money import allocate
from pos_app.domain.permissions import Action
from pos_app.domain.refunds import TenderPaid, line_refund, tender_room
from pos_app.errors import PosError
from pos_app.services import audit, outbox, units
from pos_app.services.approvals import Approval, NeedsApproval, decide
from pos_app.services.checkout import ADJUST_STOCK, next_sequence, receipt_number
from pos_app.services.context import ShiftInfo, StaffInfo, TerminalInfo
from pos_app.services.coupons.revive import revive_sale_coupons, sale_coupon_ids
from sync.contract.events_returns import ReturnPayload


@dataclass(frozen=True)
class ReturnableLine:
    sale_line_id: str
    line_no: int
    name: str
    quantity: int  # sold
    returned: int  # already returned by earlier returns
    net: int  # fen paid for the whole line
    unit_code: str | None
    product_id: str

    @property
    def left(self) -> int:
        return self.quantity - self.returned

    def refund_for(self, quantity: int) -> int:
        """Cumulative floor: every partial return of this line sums to exactly `net`."""
        return line_refund(self.net, self.quantity, self.returned, quantity)


@dataclass(frozen=True)
class RefundPart:
    line_no: int  # the sale's tender line it goes back to; 0 = cash approved by a manager
    kind: str
    amount: int
    reference: str = ""


@dataclass(frozen=True)
class ReturnableSale:
    sale_id: str
    receipt_no: str
    created_at: datetime
    total: int
    lines: tuple[ReturnableLine, ...]
    refundable: tuple[RefundPart, ...]  # per original tender: what may still go back to it
    member_id: str | None = None
    coupon_ids: tuple[str, ...] = ()  # coupons the sale redeemed: a manager may revive them


@dataclass(frozen=True)
class CompletedReturn:
    return_id: str
    return_no: str
    sale_id: str
    refund_total: int
    refunds: tuple[RefundPart, ...]
    unit_keys: tuple[str, ...]
    points_reversed: int = 0  # earned points taken back (a positive number)
    points_refunded: int = 0  # redeemed points given back


def plan_refund(
    sale: ReturnableSale, picks: dict[str, int], to_cash: bool = False
) -> tuple[int, list[RefundPart]]:
    """What a pick list refunds, and to which tenders; raises if a pick is not allowed."""
    by_id = {line.sale_line_id: line for line in sale.lines}
    total = 0
    for line_id, quantity in picks.items():
        line = by_id.get(line_id)
        if line is None:
            raise PosError("line_not_found")
        if quantity < 1 or quantity > line.left:
            raise PosError("return_too_many", left=line.left, name=line.name)
        total += line.refund_for(quantity)
    if not picks:
        raise PosError("return_nothing_picked")
    if to_cash:
        return total, [RefundPart(0, "cash", total)] if total else []
    room = [part.amount for part in sale.refundable]
    if total > sum(room):  # e.g. an earlier cash-approved refund already took the room
        return total, [RefundPart(0, "cash", total)]
    shares = allocate(total, room) if room else []
    parts = [
        RefundPart(p.line_no, p.kind, share, p.reference)
        for p, share in zip(sale.refundable, shares, strict=True) if share
    ]
    return total, parts


_SHORT = re.compile(r"(?:([A-Z0-9]{1,8})-([A-Z0-9]{1,8})-)?(\d{1,9})")


def full_receipt_no(typed: str, terminal: TerminalInfo) -> str:
    """'123', '000123' or 'S01-T01-123' -> 'S01-T01-000123': a cashier types the short
    number printed big on this till's receipt; a full number of another till stays as is."""
    text = typed.strip().upper()
    m = _SHORT.fullmatch(text)
    if m is None:
        return text
    store, till, seq = m.groups()
    return receipt_number(store or terminal.store_code, till or terminal.terminal_code, int(seq))


def _refundable(session: Session, sale: Sale) -> tuple[RefundPart, ...]:
    tenders = session.exec(
        select(TenderRow).where(TenderRow.sale_id == sale.id).order_by(TenderRow.line_no)
    ).all()
    refunded: dict[int, int] = dict(session.exec(
        select(RefundTender.line_no, func.sum(RefundTender.amount))
        .join(SaleReturn, SaleReturn.id == RefundTender.return_id)
        .where(SaleReturn.sale_id == sale.id).group_by(RefundTender.line_no)
    ).all())
    room = tender_room([TenderPaid(t.line_no, t.kind, t.amount, t.reference) for t in tenders],
                       sale.change, refunded)  # the rule HQ bounds refunds with
    return tuple(RefundPart(r.line_no, r.kind, r.amount, r.reference) for r in room)


class ReturnService:
    def __init__(
        self, engine: Engine, terminal: TerminalInfo, clock: Callable[[], datetime] = utcnow
    ) -> None:
        self._engine = engine
        self._terminal = terminal
        self._clock = clock

    def find_sale(self, code: str) -> ReturnableSale:
        """By receipt QR (SFR:<uuid>) or a typed receipt number."""
        with read_session(self._engine) as session:
            return self._load(session, code)

    def _load(self, session: Session, code: str) -> ReturnableSale:
        c = classify(code, "sale")
        query = code.strip()
        if c.kind == CodeKind.RECEIPT and c.sale_id:
            sale = session.get(Sale, c.sale_id)
        else:
            number = c.receipt_no if c.kind == CodeKind.RECEIPT and c.receipt_no else query
            number = full_receipt_no(number, self._terminal)
            sale = session.exec(select(Sale).where(Sale.receipt_no == number)).first()
        if sale is None:
            raise PosError("sale_not_found", query=query[:40])
        returned: dict[str, int] = dict(session.exec(
            select(ReturnLine.sale_line_id, func.sum(ReturnLine.quantity))
            .join(SaleLine, SaleLine.id == ReturnLine.sale_line_id)
            .where(SaleLine.sale_id == sale.id).group_by(ReturnLine.sale_line_id)
        ).all())
        lines = session.exec(
            select(SaleLine).where(SaleLine.sale_id == sale.id).order_by(SaleLine.line_no)
        ).all()
        return ReturnableSale(
            sale_id=sale.id, receipt_no=sale.receipt_no, created_at=sale.created_at,
            total=sale.total,
            lines=tuple(
                ReturnableLine(ln.id, ln.line_no, ln.name, ln.quantity, returned.get(ln.id, 0),
                               ln.net, ln.unit_code, ln.product_id)
                for ln in lines
            ),
            refundable=_refundable(session, sale),
            member_id=getattr(sale, "member_id", None),
            coupon_ids=sale_coupon_ids(session, sale.id),
        )

    def complete_return(
        self,
        code: str,
        picks: dict[str, int],
        staff: StaffInfo | None,
        shift: ShiftInfo | None,
        to_cash: bool = False,
        approved_by: Approval | None = None,
        reason: str = "",
        revive_coupon: bool = False,
        revive_by: Approval | None = None,
    ) -> CompletedReturn:
        """Everything in one transaction; the pick list is re-checked under the write lock.
        A refund to cash is the permissions table's REFUND_TO_CASH (a manager's); reviving
        the sale's coupon is REVIVE_COUPON (a manager's, audited: coupons/revive.py)."""
        if staff is None:
            raise PosError("not_signed_in")
        if shift is None:
            raise PosError("no_open_shift")
        approver = decide(staff, Action.REFUND_TO_CASH, approved_by) if to_cash else None
        if isinstance(approver, NeedsApproval):
            raise approver.reason
        reviver = decide(staff, Action.REVIVE_COUPON, revive_by) if revive_coupon else None
        if isinstance(reviver, NeedsApproval):
            raise reviver.reason
        with write_session(self._engine) as session:
            sale = self._load(session, code)
            total, parts = plan_refund(sale, picks, to_cash)
            done = self._write(session, sale, picks, total, parts, staff, shift,
                               approver, to_cash, reason)
            if reviver is not None:
                revive_sale_coupons(session, sale.sale_id, done.return_id, reviver,
                                    self._terminal, self._clock())
            return done

    def _write(self, session, sale, picks, total, parts, staff, shift, approver, to_cash,
               reason) -> CompletedReturn:
        t = self._terminal
        at = self._clock()
        seq = next_sequence(session, f"return:{t.terminal_id}")
        row = {"id": new_id(), "return_no": f"{t.store_code}-{t.terminal_code}-R{seq:06d}",
               "sale_id": sale.sale_id, "terminal_id": t.terminal_id, "shift_id": shift.id,
               "staff_id": staff.id, "approved_by": approver.id if approver else None,
               "created_at": at, "refund_total": total, "to_cash": to_cash, "reason": reason}
        conn = session.connection()
        conn.execute(insert(SaleReturn.__table__), row)
        by_id = {line.sale_line_id: line for line in sale.lines}
        lines, moves, unit_moves = [], [], []
        for line_id, quantity in picks.items():
            line = by_id[line_id]
            lines.append({"id": new_id(), "return_id": row["id"], "sale_line_id": line_id,
                          "product_id": line.product_id, "quantity": quantity,
                          "amount": line.refund_for(quantity), "unit_code": line.unit_code})
            moves.append({"id": new_id(), "product_id": line.product_id, "quantity": quantity,
                          "reason": "return", "return_id": row["id"], "sale_id": sale.sale_id,
                          "sale_line_id": line_id, "created_at": at})
            if line.unit_code:
                unit = units.lookup_row(session, line.unit_code)
                if unit is None or unit.sale_id != sale.sale_id:
                    raise PosError("return_unit_not_on_sale", code=line.unit_code)
                unit_moves += units.put_back(session, line.unit_code, row["id"], staff.id, at)
        conn.execute(insert(ReturnLine.__table__), lines)
        conn.execute(insert(StockMove.__table__), moves)
        conn.execute(ADJUST_STOCK,
                     [{"pid": m["product_id"], "delta": m["quantity"]} for m in moves])
        refunds = [{"id": new_id(), "return_id": row["id"], "line_no": p.line_no,
                    "kind": p.kind, "amount": p.amount, "reference": p.reference}
                   for p in parts]
        if refunds:
            conn.execute(insert(RefundTender.__table__), refunds)
        reversed_, refunded = self._points(session, sale, row["id"], total, parts, at)
        payload = dict(row)
        payload |= {"receipt_no": sale.receipt_no,
                    "lines": [{k: v for k, v in ln.items() if k != "return_id"} for ln in lines],
                    "refunds": [{k: r[k] for k in ("line_no", "kind", "amount", "reference")}
                                for r in refunds],
                    "unit_moves": unit_moves}
        if sale.member_id:  # only for members: an older HQ refuses fields it does not know
            payload |= {"member_id": sale.member_id, "points_reversed": reversed_,
                        "points_refunded": refunded}
        outbox.enqueue(session, row["id"], ReturnPayload.model_validate(payload))
        audit.append(session, "return_completed", staff.id, row["id"], sale_id=sale.sale_id,
                     refund_total=total, to_cash=to_cash,
                     approved_by=approver.id if approver else None)
        return CompletedReturn(
            return_id=row["id"], return_no=row["return_no"], sale_id=sale.sale_id,
            refund_total=total, refunds=tuple(parts),
            unit_keys=tuple(ln["unit_code"] for ln in lines if ln["unit_code"]),
            points_reversed=reversed_, points_refunded=refunded,
        )

    @staticmethod
    def _points(session, sale: ReturnableSale, return_id: str, total: int,
                parts: list[RefundPart], at: datetime) -> tuple[int, int]:
        """Pending deltas for a member's sale: −earned share, + redeemed points refunded."""
        if not sale.member_id:
            return 0, 0
        conn = session.connection()
        earned, reversed_before = conn.execute(text(
            "SELECT COALESCE(SUM(CASE WHEN reason = 'sale_earn' THEN delta END), 0),"
            " COALESCE(-SUM(CASE WHEN reason = 'return_reverse' THEN delta END), 0)"
            " FROM points_entry WHERE sale_id = :sid"), {"sid": sale.sale_id}).one()
        refunded_before = conn.execute(text(
            "SELECT COALESCE(SUM(refund_total), 0) FROM sale_return"
            " WHERE sale_id = :sid AND id != :rid"),
            {"sid": sale.sale_id, "rid": return_id}).scalar_one()
        # Cumulative: after this return, earned × refunded-so-far ÷ total has been taken back.
        target = reversal_due(earned, sale.total, 0, refunded_before + total)
        reverse = max(0, min(target, earned) - reversed_before)
        refunded = fen_to_points(sum(p.amount for p in parts if p.kind == "points"))
        entries = [
            {"id": new_id(), "member_id": sale.member_id, "sale_id": sale.sale_id,
             "return_id": return_id, "delta": delta, "reason": reason, "created_at": at,
             "status": "pending"}
            for delta, reason in ((-reverse, "return_reverse"), (refunded, "return_refund"))
            if delta
        ]
        if entries:
            conn.execute(insert(PointsEntry.__table__), entries)
        return reverse, refunded
