"""HQ bounds what a return takes back (issue 13), with the till's own rules
(pos_app.domain.refunds, loyalty.reversal_due):

- a line refunds at most what it was paid minus what earlier returns refunded on it;
- a refund to a tender line takes at most what that line paid (cash change excluded) minus
  earlier refunds to it, and only of its own kind; line 0 is cash a manager approved;
- `approved_by` names an active manager of the device's store;
- a return against another store's sale follows hq.policy (`flagged` by default);
- points: earned points reversed in proportion to the refund, redeemed points given back
  only as far as the points tender is refunded: a till's other figures are replaced by
  HQ's and flagged.
A return without receipt (issue 18) refunds at most HQ's catalogue price × quantity
(pos_app.domain.returns) and is always applied flagged `return_without_receipt`, for
review. A bound broken is a `conflict` and nothing is applied; texts carry ids and figures
only.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, select

from hq import models as m
from hq import policy
from hq.auth import DeviceInfo
from hq.errors import ConflictError
from hq.store_staff import is_manager
from hq.value import CROSS_STORE, POINTS_RECOMPUTED
from pos_app.domain.loyalty import fen_to_points, reversal_due
from pos_app.domain.refunds import TenderPaid, tender_room
from sync.contract.events_returns import ReturnPayload

SALE, LINE, TENDER = m.Sale.__table__, m.SaleLine.__table__, m.Tender.__table__
RET, RLINE, REFUND = m.SaleReturn.__table__, m.ReturnLine.__table__, m.RefundTender.__table__
STAFF, LEDGER = m.Staff.__table__, m.PointsLedger.__table__


def check(conn: Connection, device: DeviceInfo, p: ReturnPayload) -> list[str]:
    """Raise ConflictError when the return breaks a bound; returns the flags to raise."""
    sale = conn.execute(select(SALE.c.id, SALE.c.store_id, SALE.c.change)
                        .where(SALE.c.id == p.sale_id)).first()
    if sale is None:
        raise ConflictError(f"return {p.return_no}: sale {p.receipt_no} ({p.sale_id}) "
                            "is unknown at HQ")
    flags = []
    if sale.store_id != device.store_id:
        rule = policy.cross_store_returns()
        text = (f"{CROSS_STORE}: return {p.return_no} at store {device.store_id} against "
                f"sale {p.sale_id} of store {sale.store_id}")
        if rule == "refused":
            raise ConflictError(text + ": refused by policy")
        if rule == "flagged":
            flags.append(text)
    _check_lines(conn, p)
    _check_refunds(conn, p, int(sale.change))
    if p.approved_by is not None and not _is_manager(conn, p.approved_by, device.store_id):
        raise ConflictError(f"approval_invalid: return {p.return_no}: approved_by "
                            f"{p.approved_by} is not an active manager of this store")
    return flags


def _check_lines(conn: Connection, p: ReturnPayload) -> None:
    sold = {r.id: r for r in conn.execute(
        select(LINE.c.id, LINE.c.quantity, LINE.c.unit_code, LINE.c.net)
        .where(LINE.c.sale_id == p.sale_id))}
    done: dict[str, Any] = {r.sale_line_id: r for r in conn.execute(
        select(RLINE.c.sale_line_id, func.sum(RLINE.c.quantity).label("quantity"),
               func.sum(RLINE.c.amount).label("amount"))
        .join(RET, RET.c.id == RLINE.c.return_id).where(RET.c.sale_id == p.sale_id)
        .group_by(RLINE.c.sale_line_id))}
    for ln in p.lines:
        line = sold.get(ln.sale_line_id)
        if line is None:
            raise ConflictError(f"return {p.return_no}: line {ln.sale_line_id} is not on "
                                f"sale {p.receipt_no}")
        before = done.get(ln.sale_line_id)
        if ln.quantity + int(before.quantity if before else 0) > line.quantity:
            raise ConflictError(f"return {p.return_no}: more returned than sold on line "
                                f"{ln.sale_line_id}")
        if ln.amount + int(before.amount if before else 0) > line.net:
            raise ConflictError(f"return {p.return_no}: refund of {ln.amount} fen on line "
                                f"{ln.sale_line_id} is more than is left of the "
                                f"{line.net} fen paid")
        if (ln.unit_code or None) != (line.unit_code or None):
            raise ConflictError(f"return {p.return_no}: unit {ln.unit_code} is not the "
                                f"unit sold on line {ln.sale_line_id}")


def _refunded_by_line(conn: Connection, sale_id: str) -> dict[int, int]:
    return {int(k): int(v) for k, v in conn.execute(
        select(REFUND.c.line_no, func.sum(REFUND.c.amount))
        .join(RET, RET.c.id == REFUND.c.return_id).where(RET.c.sale_id == sale_id)
        .group_by(REFUND.c.line_no))}


def _check_refunds(conn: Connection, p: ReturnPayload, change: int) -> None:
    paid = [TenderPaid(int(r.line_no), r.kind, int(r.amount)) for r in conn.execute(
        select(TENDER.c.line_no, TENDER.c.kind, TENDER.c.amount)
        .where(TENDER.c.sale_id == p.sale_id))]
    room = {t.line_no: t for t in tender_room(paid, change, _refunded_by_line(conn, p.sale_id))}
    for r in p.refunds:
        if r.line_no == 0:
            if r.kind != "cash":
                raise ConflictError(f"return {p.return_no}: refund line 0 must be cash")
            continue  # cash a manager approved: bounded by the lines' amounts above
        tender = room.get(r.line_no)
        if tender is None or tender.kind != r.kind:
            raise ConflictError(f"return {p.return_no}: refund to {r.kind} on tender line "
                                f"{r.line_no}, which the sale did not pay that way")
        if r.amount > tender.amount:
            raise ConflictError(f"return {p.return_no}: refund of {r.amount} fen to tender "
                                f"line {r.line_no} is more than the {tender.amount} fen left")


_is_manager = is_manager  # the one rule, hq.store_staff (kept by this name for callers)


def points(conn: Connection, p: ReturnPayload, member_id: str | None) -> tuple[int, int, str]:
    """(points reversed, points refunded) HQ books for this return, and '' or the
    `points_recomputed` reason. Read before this return's ledger entries are written."""
    sale = conn.execute(select(SALE.c.total, SALE.c.points_earned, SALE.c.points_redeemed)
                        .where(SALE.c.id == p.sale_id)).one()
    earned, redeemed = (int(sale.points_earned), int(sale.points_redeemed)) if member_id \
        else (0, 0)
    before = conn.execute(select(func.coalesce(func.sum(RET.c.refund_total), 0)).where(
        RET.c.sale_id == p.sale_id, RET.c.id != p.id)).scalar_one()
    moved = dict(conn.execute(  # type: ignore[arg-type]
        select(LEDGER.c.reason, func.sum(LEDGER.c.delta)).where(
            LEDGER.c.sale_id == p.sale_id, LEDGER.c.return_id.is_not(None))
        .group_by(LEDGER.c.reason)).all())
    reversed_before = -int(moved.get("reversed") or 0) - int(moved.get("debt") or 0)
    refunded_before = int(moved.get("refunded") or 0)
    target = reversal_due(earned, int(sale.total), 0, int(before) + p.refund_total)
    reverse = max(0, min(target, earned) - reversed_before)
    points_fen = sum(r.amount for r in p.refunds if r.kind == "points")
    refund = min(fen_to_points(points_fen), max(0, redeemed - refunded_before))
    if (reverse, refund) == (p.points_reversed, p.points_refunded):
        return reverse, refund, ""
    return reverse, refund, (
        f"{POINTS_RECOMPUTED}: return {p.return_no} member {member_id}: till said "
        f"{p.points_reversed} reversed / {p.points_refunded} refunded, HQ computed "
        f"{reverse} / {refund}; HQ's figures booked")
