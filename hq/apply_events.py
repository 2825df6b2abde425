"""What one pushed event means to HQ: its checks, its rows, and applying it on its own.

Shared by the batch path (hq.apply_bulk: many events, one executemany per table) and the
per-event path (hq.apply: a SAVEPOINT per event), so both store exactly the same rows and
give exactly the same verdicts and reasons.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy import Connection, bindparam, insert, update
from sqlalchemy.exc import DataError, IntegrityError

from hq import member_holds, members, members_points, shifts, units, value, value_discounts
from hq import models as m
from hq.apply_returns import apply_no_receipt, apply_return
from hq.audit.apply import apply_head as apply_audit_head
from hq.audit.heads import REBUILT as AUDIT_REBUILT
from hq.auth import DeviceInfo
from hq.continuity import RECEIPT_CLASH, book_clashes
from hq.coupons.apply import CONFLICT as COUPON_CONFLICT
from hq.coupons.apply import POLICY as COUPON_POLICY
from hq.coupons.apply import apply_redeemed as apply_coupon_redeemed
from hq.coupons.apply import apply_revived as apply_coupon_revived
from hq.errors import ConflictError
from hq.kpis.apply import apply_reattributed, apply_target_set
from hq.overrides.apply import apply_override_approved
from hq.promotions import reprice
from hq.sale_adjustments import INSERT_ADJUSTMENT, adjustment_rows
from sync.contract.envelope import EventIn, EventResult
from sync.contract.events import PayloadError
from sync.contract.events_audit import AuditHeadPayload
from sync.contract.events_coupons import CouponRedeemedPayload, CouponRevivedPayload
from sync.contract.events_kpis import GuideTargetSetPayload, LineReattributedPayload
from sync.contract.events_members import MemberEnrolledPayload, MemberTaggedPayload
from sync.contract.events_overrides import OverrideApprovedPayload
from sync.contract.events_returns import NoReceiptReturnPayload, ReturnPayload
from sync.contract.events_sale import SalePayload
from sync.contract.events_shifts import (
    AuditPayload,
    CashMovedPayload,
    NoSalePayload,
    ShiftClosedPayload,
    ShiftOpenedPayload,
)
from sync.contract.events_units import UnitsReceivedPayload, UnitsSoldPayload
from sync.contract.fields import Payload

EV, EXC = m.Event.__table__, m.SyncException.__table__
SALE, LINE = m.Sale.__table__, m.SaleLine.__table__
TENDER, MOVE = m.Tender.__table__, m.StockMove.__table__
SHIFT, AUDIT = m.Shift.__table__, m.Audit.__table__
MAX_BIGINT = 2**63 - 1

# Built once: SQLAlchemy caches their compiled form; each call only binds parameters.
INSERT_EVENT, INSERT_EXC = insert(EV), insert(EXC)
INSERT_SALE, INSERT_LINE = insert(SALE), insert(LINE)
INSERT_TENDER, INSERT_MOVE = insert(TENDER), insert(MOVE)
INSERT_AUDIT = insert(AUDIT)
SET_EVENT_STATUS = update(EV).where(EV.c.event_id == bindparam("b_event_id"),
                                    EV.c.device_id == bindparam("b_device_id"))
PAYLOAD_DIFFERS = "conflict: payload differs from first delivery"


def unstorable(ev: EventIn) -> str:
    """Why the event cannot even be recorded as sent (no event row is possible), or ''."""
    if ev.seq > MAX_BIGINT:
        return "seq out of range"
    if any("\x00" in s for s in (ev.event_id, ev.entity_id, ev.created_at)):
        return "NUL character in event fields"
    return ""


def check_ownership(device: DeviceInfo, ev: EventIn, payload: Payload) -> None:
    """A device speaks for its own terminal only, and the envelope must name the payload."""
    terminal_id = getattr(payload, "terminal_id", device.terminal_id)
    if terminal_id != device.terminal_id:
        raise PayloadError(
            f"terminal_id {terminal_id!r} is not this device's terminal {device.terminal_id!r}"
        )
    store_id = getattr(payload, "store_id", device.store_id)
    if store_id != device.store_id:
        raise PayloadError(f"store_id {store_id!r} is not this device's store")
    named = payload.entity()  # the contract says which field, if any (entity_field)
    if named is not None and named != ev.entity_id:
        raise PayloadError(
            f"entity_id {ev.entity_id!r} does not match payload {payload.entity_field}")


def _canonical(payload: dict[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True)


def _hash(event_type: str, entity_id: str, canonical: str) -> str:
    text = json.dumps([event_type, entity_id], ensure_ascii=False) + canonical
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def payload_hash(ev: EventIn) -> str:
    """What a retry must repeat exactly: type, entity and payload (canonical JSON)."""
    return _hash(ev.type, ev.entity_id, _canonical(ev.payload))


def same_delivery(ev: EventIn, stored: Any) -> bool:
    """Is `ev` the delivery HQ stored first (row with type, entity_id, payload,
    payload_hash)? Rows from before revision 0006 have no hash: their payload text is the
    canonical form itself."""
    if stored.payload_hash:
        return bool(stored.payload_hash == payload_hash(ev))
    return bool(stored.type == ev.type and stored.entity_id == ev.entity_id
                and stored.payload == _canonical(ev.payload))


def replay_verdict(ev: EventIn, stored: Any) -> EventResult:
    """An event id this device already used: the stored verdict for a true retry, a
    conflict (listed for the manager by the caller) for a different payload."""
    if not same_delivery(ev, stored):
        return result(ev.event_id, "conflict", PAYLOAD_DIFFERS)
    return stored_verdict(ev.event_id, stored.status, stored.reason)


def event_row(device: DeviceInfo, ev: EventIn, status: str, reason: str) -> dict[str, Any]:
    canonical = _canonical(ev.payload)
    return {
        "event_id": ev.event_id, "device_id": device.id, "type": ev.type,
        "entity_id": ev.entity_id, "seq": ev.seq, "created_at": ev.created_at,
        "payload": canonical, "payload_hash": _hash(ev.type, ev.entity_id, canonical),
        "received_at": m.utcnow(), "status": status, "reason": reason,
    }


def exception_row(kind: str, detail: str, event_id: str, device_id: str) -> dict[str, Any]:
    if kind == "conflict" and detail.startswith(units.ANOMALY):
        kind = units.ANOMALY  # the sale is stored; the unit's clash is what to look at
    elif kind == "conflict" and detail.startswith(members_points.OVERDRAWN):
        kind = members_points.OVERDRAWN  # the sale is stored; the member owes points
    elif kind == "conflict" and detail.startswith(RECEIPT_CLASH):
        kind = RECEIPT_CLASH  # booked under a renamed number; two sales claimed one receipt
    elif kind == "conflict" and detail.startswith(member_holds.HELD):
        kind = "merge_held"  # enrolled apart; `admin merges pending` lists the decision
    elif kind == "conflict" and detail.startswith((COUPON_CONFLICT, COUPON_POLICY)):
        kind = detail.split(":", 1)[0]  # both kept (the first accepted), or past its policy
    elif kind == "conflict" and detail.startswith(AUDIT_REBUILT):
        kind = AUDIT_REBUILT  # the head is kept; the chain disagrees with what HQ heard
    elif kind == "conflict" and detail.startswith(value.FLAG_PREFIXES):
        kind = value.FLAGGED  # applied (HQ's figures booked); a person should look
    return {"kind": kind, "detail": detail, "event_id": event_id, "device_id": device_id,
            "created_at": m.utcnow()}


def result(event_id: str, status: str, reason: str) -> EventResult:
    return EventResult(event_id=event_id, status=status, reason=reason)  # type: ignore[arg-type]


def stored_verdict(event_id: str, status: str, reason: str) -> EventResult:
    """An event already here. A retry of an accepted event is `duplicate`; a retry of one HQ
    refused gets the original verdict again, so a lost response never turns a refusal into
    success."""
    if status == "accepted":
        return EventResult(event_id=event_id, status="duplicate")
    return result(event_id, status, reason)


def conflict_reason(exc: Exception) -> str:
    if isinstance(exc, IntegrityError):
        return "conflict: already recorded (" + str(exc.orig).splitlines()[0][:200] + ")"
    return f"conflict: {exc}"


def apply_one(conn: Connection, device: DeviceInfo, ev: EventIn, payload: Payload) -> tuple[
    str, str
]:
    """Apply an accepted event whose row is stored, in its own SAVEPOINT. On a clash or a value
    the database refuses, the event row's status becomes conflict/rejected; returns
    (status, reason) — the caller records the exception row. A unit anomaly keeps what was
    applied (the money happened) and answers `conflict` with reason `unit_anomaly: …`.

    An apply function returns None or [] (accepted), a list of unit problems (conflict,
    applied), a str (a whole conflict reason, applied: points overdrawn, unknown member) or
    a (status, reason) pair (a member enrolment: accepted "merged into …", or conflict)."""
    try:
        with conn.begin_nested():
            problems = APPLY[type(payload)](conn, device, ev, payload)
    except (ConflictError, IntegrityError) as exc:
        status, reason = "conflict", conflict_reason(exc)
    except DataError as exc:  # passed validation yet the database refuses a value
        status, reason = "rejected", f"payload invalid: {type(exc.orig).__name__}"
    else:
        if not problems:
            return "accepted", ""
        if isinstance(problems, tuple):
            status, reason = problems
        elif isinstance(problems, str):
            status, reason = "conflict", problems
        else:
            status, reason = "conflict", units.anomaly_reason(problems)
    conn.execute(SET_EVENT_STATUS, {"b_event_id": ev.event_id, "b_device_id": device.id,
                                    "status": status, "reason": reason})
    return status, reason


def sale_rows(device: DeviceInfo, ev: EventIn, p: SalePayload) -> tuple[
    dict[str, Any], list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]
]:
    """The sale, its lines, tenders and stock moves, as rows."""
    sale = {
        "id": p.id, "event_id": ev.event_id, "store_id": device.store_id,
        "terminal_id": device.terminal_id, "device_id": device.id, "receipt_no": p.receipt_no,
        "shift_id": p.shift_id, "cashier_id": p.cashier_id, "guide_id": p.guide_id,
        "created_at": p.created_at, "received_at": m.utcnow(), "status": "completed",
        "subtotal": p.subtotal, "discount_total": p.discount_total, "total": p.total,
        "tax_total": p.tax_total, "paid": p.paid, "change": p.change,
        "line_count": len(p.lines), "order_discount_reason": p.order_discount_reason or "",
        "member_id": p.member_id, "points_earned": p.points_earned,
        "points_redeemed": p.points_redeemed,
    }
    lines = [
        {**ln.model_dump(), "sale_id": p.id, "barcode": ln.barcode or "",
         "discount_reason": ln.discount_reason or ""}
        for ln in p.lines
    ]
    tenders = [{**t.model_dump(), "sale_id": p.id} for t in p.tenders]
    moves = [
        {"store_id": device.store_id, "product_id": ln.product_id, "quantity": -ln.quantity,
         "reason": "sale", "sale_id": p.id, "sale_line_id": ln.id, "created_at": p.created_at}
        for ln in p.lines
    ]
    return sale, lines, tenders, moves


def _apply_sale(
    conn: Connection, device: DeviceInfo, ev: EventIn, p: SalePayload
) -> list[str] | str:
    sale, lines, tenders, moves = sale_rows(device, ev, p)
    flags = value.sale_flags(p, value.price_floors(conn, (ln.product_id for ln in p.lines)),
                             sale["received_at"])
    member_id = members.resolve(conn, p.member_id) if p.member_id else None
    earned = 0
    if member_id:
        sale["member_id"] = member_id  # a merged (provisional) id points at the survivor
        earned, recomputed = value.earned_points(conn, device.store_id, p, member_id)
        sale["points_earned"] = earned  # HQ's figure is what the books say
        flags.insert(0, recomputed)
    flags.append(reprice.sale_flag(conn, device.store_id, p, member_id))  # before the tier moves
    flags += value_discounts.discount_flags(conn, device.store_id, p)
    conn.execute(INSERT_SALE, sale)
    conn.execute(INSERT_LINE, lines)
    if adjustments := adjustment_rows([p]):
        conn.execute(INSERT_ADJUSTMENT, adjustments)
    if tenders:  # a sale discounted to zero has none; an empty executemany inserts defaults
        conn.execute(INSERT_TENDER, tenders)
    conn.execute(INSERT_MOVE, moves)
    problems = units.sell(conn, device.store_id, ev.event_id, p) if p.unit_moves else []
    if p.member_id:
        flags.insert(0, members_points.apply_sale(conn, device, ev, p, member_id, earned))
    return value.join_reasons(problems, flags)


def _apply_units_received(
    conn: Connection, device: DeviceInfo, ev: EventIn, p: UnitsReceivedPayload
) -> list[str]:
    return units.receive(conn, device.store_id, [u.model_dump() for u in p.units], ev.event_id)


def _apply_audit(conn: Connection, device: DeviceInfo, ev: EventIn, p: AuditPayload) -> None:
    conn.execute(INSERT_AUDIT, {
        **p.model_dump(), "event_id": ev.event_id, "terminal_id": device.terminal_id,
    })


APPLY = {
    SalePayload: book_clashes(_apply_sale),  # a clashing receipt number is booked, flagged
    ShiftOpenedPayload: shifts.apply_shift_opened,  # fills a row made from later events
    ShiftClosedPayload: shifts.apply_shift_closed,  # with its Z, kept as reported
    CashMovedPayload: shifts.apply_cash_moved,
    NoSalePayload: shifts.apply_no_sale,
    AuditPayload: _apply_audit,
    AuditHeadPayload: apply_audit_head,  # a rebuilt chain: conflict audit_rebuilt
    ReturnPayload: apply_return,
    NoReceiptReturnPayload: apply_no_receipt,  # issue 18: flagged for review
    UnitsReceivedPayload: _apply_units_received,
    UnitsSoldPayload: units.sell_later,
    MemberEnrolledPayload: members.enroll,
    MemberTaggedPayload: members.tag,
    CouponRedeemedPayload: apply_coupon_redeemed,
    CouponRevivedPayload: apply_coupon_revived,
    LineReattributedPayload: apply_reattributed,  # issue 19
    GuideTargetSetPayload: apply_target_set,
    OverrideApprovedPayload: apply_override_approved,  # issue 19: counted in the KPIs
}
