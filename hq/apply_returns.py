"""A store return (`return.completed`) at HQ: the return, its lines, refund tenders, stock
moves (+qty, reason "return") and its units back in stock, in the event's SAVEPOINT.

A return must name a sale HQ holds and lines of that sale, and may not take back more than
was sold or paid (counting earlier returns), nor refund a tender beyond what it paid, nor
name an approver who is not an active manager of the store (hq.value_returns): otherwise
`conflict` with the reason, nothing applied. Points are HQ's figures; flags (another
store's sale, a date outside the window, points recomputed) are applied and listed.

A return without receipt (`return.no_receipt`, issue 18) names no sale: bounded by HQ's
catalogue (hq.returns.no_receipt_check), applied, and flagged for review; its units
go back in stock from whichever sale HQ recorded them on.
"""

from __future__ import annotations

from types import SimpleNamespace

from sqlalchemy import Connection, insert, select

from hq import members, members_points, units, value, value_returns
from hq import models as m
from hq.auth import DeviceInfo
from hq.returns.no_receipt_check import check_no_receipt
from sync.contract.envelope import EventIn
from sync.contract.events_returns import NoReceiptReturnPayload, ReturnPayload

SALE, LINE, MOVE = m.Sale.__table__, m.SaleLine.__table__, m.StockMove.__table__
RET, RLINE, REFUND = m.SaleReturn.__table__, m.ReturnLine.__table__, m.RefundTender.__table__
UNIT = m.Unit.__table__


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
        "kind": p.kind,
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


def apply_no_receipt(conn: Connection, device: DeviceInfo, ev: EventIn,
                     p: NoReceiptReturnPayload) -> list[str] | str:
    flags = check_no_receipt(conn, device, p)
    received = m.utcnow()
    flags.append(value.date_flag(f"return {p.return_no}", p.created_at, received))
    conn.execute(insert(RET), {
        "id": p.id, "event_id": ev.event_id, "return_no": p.return_no, "sale_id": None,
        "kind": "no_receipt", "reason_code": p.reason_code, "store_id": device.store_id,
        "terminal_id": device.terminal_id, "device_id": device.id, "shift_id": p.shift_id,
        "staff_id": p.staff_id, "approved_by": p.approved_by, "created_at": p.created_at,
        "received_at": received, "refund_total": p.refund_total,
        "to_cash": any(r.kind == "cash" for r in p.refunds), "reason": p.note or ""})
    conn.execute(insert(RLINE), [
        {"id": ln.id, "return_id": p.id, "sale_line_id": None, "product_id": ln.product_id,
         "quantity": ln.quantity, "amount": ln.amount, "unit_code": ln.unit_code}
        for ln in p.lines])
    if p.refunds:
        conn.execute(insert(REFUND), [{**r.model_dump(), "return_id": p.id}
                                      for r in p.refunds])
    conn.execute(insert(MOVE), [
        {"store_id": device.store_id, "product_id": ln.product_id, "quantity": ln.quantity,
         "reason": "return", "sale_id": None, "sale_line_id": None, "return_id": p.id,
         "created_at": p.created_at} for ln in p.lines])
    problems: list[str] = []
    for ln in p.lines:  # each unit back from the sale HQ recorded it on
        if ln.unit_code:
            sold_on = conn.execute(select(UNIT.c.sale_id).where(
                UNIT.c.unit_key == ln.unit_code)).scalar()
            one = SimpleNamespace(id=p.id, return_no=p.return_no, receipt_no="-",
                                  sale_id=sold_on, created_at=p.created_at, lines=[ln])
            problems += units.return_units(conn, device.store_id, ev.event_id, one)
    return value.join_reasons(problems, flags)
