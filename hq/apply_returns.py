"""A store return (`return.completed`) at HQ: the return, its lines, refund tenders, stock
moves (+qty, reason "return") and its units back in stock, in the event's SAVEPOINT.

A return must name a sale HQ holds and lines of that sale, and may not take back more than
was sold or paid (counting earlier returns), nor refund a tender beyond what it paid, nor
name an approver who is not an active manager of the store (hq.value_returns): otherwise
`conflict` with the reason, nothing applied. Points are HQ's figures; flags (another
store's sale, a date outside the window, points recomputed) are applied and listed.
"""

from __future__ import annotations

from sqlalchemy import Connection, insert, select

from hq import members, members_points, units, value, value_returns
from hq import models as m
from hq.auth import DeviceInfo
from sync.contract.envelope import EventIn
from sync.contract.events_returns import ReturnPayload

SALE, LINE, MOVE = m.Sale.__table__, m.SaleLine.__table__, m.StockMove.__table__
RET, RLINE, REFUND = m.SaleReturn.__table__, m.ReturnLine.__table__, m.RefundTender.__table__


def apply_return(conn: Connection, device: DeviceInfo, ev: EventIn, p: ReturnPayload
                 ) -> list[str] | str:
    flags = value_returns.check(conn, device, p)
    received = m.utcnow()
    flags.append(value.date_flag(f"return {p.return_no}", p.created_at, received))
    on_sale = conn.execute(select(SALE.c.member_id).where(SALE.c.id == p.sale_id)).scalar()
    member_id = members.resolve(conn, on_sale) if on_sale else None
    reverse, refund, recomputed = value_returns.points(conn, p, member_id)
    flags.insert(0, recomputed)
    conn.execute(insert(RET), {
        "id": p.id, "event_id": ev.event_id, "return_no": p.return_no, "sale_id": p.sale_id,
        "store_id": device.store_id, "terminal_id": device.terminal_id,
        "device_id": device.id, "shift_id": p.shift_id, "staff_id": p.staff_id,
        "approved_by": p.approved_by, "created_at": p.created_at, "received_at": received,
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
    if member_id is not None or p.member_id:
        flags.insert(0, members_points.apply_return(conn, device, ev, p, member_id,
                                                    reverse, refund))
    return value.join_reasons(problems, flags)
