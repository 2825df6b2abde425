"""A store return (`return.completed`) at HQ: the return, its lines, refund tenders, stock
moves (+qty, reason "return") and its units back in stock, in the event's SAVEPOINT.

A return must name a sale HQ holds and lines of that sale, and may not take back more than
was sold (counting earlier returns): otherwise `conflict` with the reason, nothing applied.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, insert, select

from hq import members_points, units
from hq import models as m
from hq.auth import DeviceInfo
from hq.errors import ConflictError
from hq.payloads_units import ReturnPayload
from sync.dto import EventIn

SALE, LINE, MOVE = m.Sale.__table__, m.SaleLine.__table__, m.StockMove.__table__
RET, RLINE, REFUND = m.SaleReturn.__table__, m.ReturnLine.__table__, m.RefundTender.__table__


def _check(conn: Connection, p: ReturnPayload) -> None:
    if conn.execute(select(SALE.c.id).where(SALE.c.id == p.sale_id)).first() is None:
        raise ConflictError(f"return {p.return_no}: sale {p.receipt_no} ({p.sale_id}) "
                            "is unknown at HQ")
    sold = {r.id: r for r in conn.execute(
        select(LINE.c.id, LINE.c.quantity, LINE.c.unit_code).where(LINE.c.sale_id == p.sale_id))}
    done: dict[str, Any] = dict(conn.execute(  # type: ignore[arg-type]
        select(RLINE.c.sale_line_id, func.sum(RLINE.c.quantity))
        .join(RET, RET.c.id == RLINE.c.return_id).where(RET.c.sale_id == p.sale_id)
        .group_by(RLINE.c.sale_line_id)).all())
    for ln in p.lines:
        line = sold.get(ln.sale_line_id)
        if line is None:
            raise ConflictError(f"return {p.return_no}: line {ln.sale_line_id} is not on "
                                f"sale {p.receipt_no}")
        if ln.quantity + int(done.get(ln.sale_line_id) or 0) > line.quantity:
            raise ConflictError(f"return {p.return_no}: more returned than sold on line "
                                f"{ln.sale_line_id}")
        if (ln.unit_code or None) != (line.unit_code or None):
            raise ConflictError(f"return {p.return_no}: unit {ln.unit_code} is not the "
                                f"unit sold on line {ln.sale_line_id}")


def apply_return(conn: Connection, device: DeviceInfo, ev: EventIn, p: ReturnPayload
                 ) -> list[str] | str:
    _check(conn, p)
    conn.execute(insert(RET), {
        "id": p.id, "event_id": ev.event_id, "return_no": p.return_no, "sale_id": p.sale_id,
        "store_id": device.store_id, "terminal_id": device.terminal_id,
        "device_id": device.id, "shift_id": p.shift_id, "staff_id": p.staff_id,
        "approved_by": p.approved_by, "created_at": p.created_at, "received_at": m.utcnow(),
        "refund_total": p.refund_total, "to_cash": p.to_cash, "reason": p.reason or ""})
    conn.execute(insert(RLINE), [{**ln.model_dump(), "return_id": p.id} for ln in p.lines])
    if p.refunds:
        conn.execute(insert(REFUND), [{**r.model_dump(), "return_id": p.id}
                                      for r in p.refunds])
    conn.execute(insert(MOVE), [
        {"store_id": device.store_id, "product_id": ln.product_id, "quantity": ln.quantity,
         "reason": "return", "sale_id": p.sale_id, "sale_line_id": ln.sale_line_id,
         "return_id": p.id, "created_at": p.created_at}
        for ln in p.lines])
    problems = units.return_units(conn, device.store_id, ev.event_id, p)
    if not p.member_id:
        return problems
    flagged = members_points.apply_return(conn, device, ev, p)
    if not flagged:
        return problems
    return " | ".join(([units.anomaly_reason(problems)] if problems else []) + [flagged])
