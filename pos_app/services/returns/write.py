"""Writing a return against a receipt: one transaction (the caller's write session) holds
the return, its lines, refund tenders, stock moves (+qty, reason "return"), unit codes back
to in_stock, the member's points deltas, the `return.completed` outbox event and the audit
row. Either all of it is on disk or none of it.

Points (a member's sale): earned points reversed in proportion to what has been refunded
so far (cumulative: a full return reverses exactly what was earned), and points that paid
for the sale given back as a positive entry. Both pending until HQ books them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert
from sqlmodel import Session

from local_db.ids import new_id
from local_db.models import Member, PointsEntry, RefundTender, ReturnLine, SaleReturn, StockMove
from pos_app.domain.loyalty import fen_to_points, reversal_due
from pos_app.errors import PosError
from pos_app.services import audit, outbox, units
from pos_app.services.approvals import Approval
from pos_app.services.checkout import ADJUST_STOCK, next_sequence
from pos_app.services.context import ShiftInfo, StaffInfo, TerminalInfo
from pos_app.services.returns.model import CompletedReturn, RefundPart, ReturnableSale
from sync.contract.events_returns import ReturnPayload


def return_number(session: Session, terminal: TerminalInfo) -> str:
    """`<store>-<terminal>-R<6 digits>`: gap-free per terminal, one sequence for every
    kind of return."""
    seq = next_sequence(session, f"return:{terminal.terminal_id}")
    return f"{terminal.store_code}-{terminal.terminal_code}-R{seq:06d}"


def write_return(session: Session, terminal: TerminalInfo, at: datetime,
                 sale: ReturnableSale, picks: dict[str, int], total: int,
                 parts: list[RefundPart], staff: StaffInfo, shift: ShiftInfo,
                 approver: Approval | None, to_cash: bool, reason: str) -> CompletedReturn:
    own = sale.kind == "receipt"  # another till's sale and lines are not in this database
    row = {"id": new_id(), "return_no": return_number(session, terminal),
           "sale_id": sale.sale_id, "kind": sale.kind, "receipt_no": sale.receipt_no,
           "reason_code": "", "terminal_id": terminal.terminal_id, "shift_id": shift.id,
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
                      "reason": "return", "return_id": row["id"],
                      "sale_id": sale.sale_id if own else None,
                      "sale_line_id": line_id if own else None, "created_at": at})
        if line.unit_code:
            unit = units.lookup_row(session, line.unit_code)
            sold_here = unit is not None and unit.sale_id == sale.sale_id
            sold_there = unit is not None and not own and unit.sale_id is None
            if not (sold_here or sold_there):
                raise PosError("return_unit_not_on_sale", code=line.unit_code)
            unit_moves += units.put_back(session, line.unit_code, row["id"], staff.id, at)
    conn.execute(insert(ReturnLine.__table__), lines)
    conn.execute(insert(StockMove.__table__), moves)
    conn.execute(ADJUST_STOCK, [{"pid": m["product_id"], "delta": m["quantity"]} for m in moves])
    refunds = [{"id": new_id(), "return_id": row["id"], "line_no": p.line_no,
                "kind": p.kind, "amount": p.amount, "reference": p.reference} for p in parts]
    if refunds:
        conn.execute(insert(RefundTender.__table__), refunds)
    reversed_, refunded = _points(session, sale, row["id"], total, parts, at)
    payload = {k: v for k, v in row.items() if k not in ("reason_code",)}
    payload |= {"lines": [{k: v for k, v in ln.items() if k != "return_id"} for ln in lines],
                "refunds": [{k: r[k] for k in ("line_no", "kind", "amount", "reference")}
                            for r in refunds],
                "unit_moves": unit_moves}
    if own:  # an older HQ refuses fields it does not know: "receipt" is the default
        payload.pop("kind")
    if sale.member_id:  # only for members, likewise
        payload |= {"member_id": sale.member_id, "points_reversed": reversed_,
                    "points_refunded": refunded}
    outbox.enqueue(session, row["id"], ReturnPayload.model_validate(payload))
    audit.append(session, "return_completed", staff.id, row["id"], sale_id=sale.sale_id,
                 refund_total=total, to_cash=to_cash, kind=sale.kind,
                 approved_by=approver.id if approver else None)
    return CompletedReturn(
        return_id=row["id"], return_no=row["return_no"], sale_id=sale.sale_id,
        refund_total=total, refunds=tuple(parts),
        unit_keys=tuple(ln["unit_code"] for ln in lines if ln["unit_code"]),
        points_reversed=reversed_, points_refunded=refunded, receipt_no=sale.receipt_no,
        kind=sale.kind)


def _points(session: Session, sale: ReturnableSale, return_id: str, total: int,
            parts: list[RefundPart], at: datetime) -> tuple[int, int]:
    """Pending deltas for a member's sale: −earned share, + redeemed points refunded."""
    if not sale.member_id:
        return 0, 0
    earned = sale.points_earned
    # Cumulative: after this return, earned × refunded-so-far ÷ total has been taken back.
    target = reversal_due(earned, sale.total, 0, sale.refunded_before + total)
    reverse = max(0, min(target, earned) - sale.points_reversed_before)
    refunded = fen_to_points(sum(p.amount for p in parts if p.kind == "points"))
    entries = [
        {"id": new_id(), "member_id": sale.member_id, "sale_id": sale.sale_id,
         "return_id": return_id, "delta": delta, "reason": reason, "created_at": at,
         "status": "pending"}
        for delta, reason in ((-reverse, "return_reverse"), (refunded, "return_refund"))
        if delta
    ]
    known = sale.kind == "receipt" or session.get(Member, sale.member_id) is not None
    if entries and known:  # a member this till never held: HQ books the points alone
        session.connection().execute(insert(PointsEntry.__table__), entries)
    return reverse, refunded
