"""Online redemption for tills (issue 17): POST /v1/coupons/redeem and /v1/coupons/release.

Atomic by one conditional UPDATE: `coupon.status` goes open → redeemed only if it is still
open, in the same transaction as the redemption row and the kept answer. Of 20 concurrent
requests for one coupon exactly one changes the row (SQLite: one writer at a time; PostgreSQL:
the row lock, READ COMMITTED re-checks the WHERE after the winner commits); the 19 others read
the winner's redemption and answer "already redeemed at <store>, <receipt>, <time>". Every
answer is kept under the device and its idempotency key (hq.coupons.answers).

A hold: an online redemption is made while the sale is still open, so a sale voided before
payment gives the coupon back with POST /v1/coupons/release (same device, same key) as long as
no `coupon.redeemed` event confirmed it. Released, the coupon is open again.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update
from sqlalchemy.exc import IntegrityError

from hq import members
from hq import models as m
from hq.auth import DeviceInfo
from hq.coupons import answers, lookup
from hq.db import writer
from pos_app.domain.coupons.base32 import normalise
from pos_app.domain.coupons.used_time import bounded_use
from sync.contract.coupons_api import (
    CouponRedeemRequest,
    CouponRedeemResponse,
    CouponReleaseRequest,
)

COUPON, RED, UNIT = m.Coupon.__table__, m.CouponRedemption.__table__, m.Unit.__table__
HOLD_FLIGHT = timedelta(seconds=60)  # longer than any till waits for a hold's answer
MESSAGES = {
    "coupon_unknown": "no coupon has this code", "coupon_bad_code": "not a coupon code",
    "coupon_void": "this coupon was voided", "coupon_expired": "this coupon has expired",
    "coupon_not_yet": "this coupon is not valid yet",
    "coupon_wrong_store": "this coupon is not valid at this store",
    "coupon_wrong_member": "this coupon belongs to another member",
    "coupon_wrong_gift": "this unit is not the coupon's gift product",
    "gift_unit_unavailable": "HQ holds this gift unit as sold or gifted already",
    "idempotency_reused": "this idempotency key was used for another request",
    "redemption_unknown": "no redemption of this device has this key",
    "redemption_completed": "the redemption is completed; it cannot be released",
}


def refused(reason: str, **extra: Any) -> CouponRedeemResponse:
    return CouponRedeemResponse(outcome="refused", reason=reason,
                                message=MESSAGES.get(reason, reason), **extra)


def redeem(engine: Engine, device: DeviceInfo, req: CouponRedeemRequest) -> CouponRedeemResponse:
    """HQ's one answer to this device's key (module docstring)."""
    same = req.model_copy(update={"code": normalise(req.code.strip())})  # Caps Lock or not
    return _idempotent(engine, "redeem", device.id, same,
                       lambda conn: _decide(conn, device, req))


def release(engine: Engine, device: DeviceInfo, req: CouponReleaseRequest
            ) -> CouponRedeemResponse:
    return _idempotent(engine, "release", device.id, req,
                       lambda conn: _release(conn, device, req.idempotency_key))


def _idempotent(engine: Engine, scope: str, caller: str, req: Any, decide: Any
                ) -> CouponRedeemResponse:
    digest = answers.request_hash(req)
    for _ in range(3):
        try:
            with writer(engine).begin() as conn:
                kept = answers.stored(conn, scope, caller, req.idempotency_key, digest,
                                      CouponRedeemResponse)
                if kept is False:
                    return refused("idempotency_reused")
                if kept is not None:
                    return kept
                answer = decide(conn)
                answers.keep(conn, scope, caller, req.idempotency_key, digest, answer)
                return answer
        except IntegrityError:  # the same key committed by a concurrent request: read it
            continue
    raise RuntimeError("coupon answer neither stored nor readable")


def check(conn: Connection, coupon: Any, defn: Any, store_id: str, member_id: str | None,
          at: datetime) -> str:
    """Why this coupon cannot be redeemed here and now by this member, or ''."""
    if coupon.status == "void":
        return "coupon_void"
    if at < lookup.utc(coupon.valid_from):
        return "coupon_not_yet"
    if at >= lookup.utc(coupon.valid_until):
        return "coupon_expired"
    stores = lookup.stores_of(defn)
    if stores and store_id not in stores:
        return "coupon_wrong_store"
    if member_id and members.resolve(conn, member_id) != coupon.member_id:
        return "coupon_wrong_member"
    return ""


def _decide(conn: Connection, device: DeviceInfo, req: CouponRedeemRequest
            ) -> CouponRedeemResponse:
    coupon, kind = lookup.find(conn, req.code)
    if coupon is None:
        return refused("coupon_unknown" if kind else "coupon_bad_code", code_kind=kind)
    defn = lookup.definition(conn, coupon)
    known = {"coupon_id": coupon.id, "code_kind": kind,
             "coupon": lookup.terms(conn, coupon, defn)}
    first = lookup.accepted(conn, coupon.id)
    if first is not None:
        return _already(conn, first, known)
    why = check(conn, coupon, defn, device.store_id, req.member_id, m.utcnow())
    if not why and req.unit_code and defn is not None and defn.gift_product_id:
        unit = conn.execute(select(UNIT.c.product_id, UNIT.c.state).where(
            UNIT.c.unit_key == req.unit_code)).first()  # HQ may know more than the till
        if unit is not None and unit.product_id != defn.gift_product_id:
            why = "coupon_wrong_gift"
        elif unit is not None and unit.state not in ("in_stock", "returned"):
            why = "gift_unit_unavailable"
    if why:
        return refused(why, **known)
    won = conn.execute(update(COUPON).where(COUPON.c.id == coupon.id, COUPON.c.status == "open")
                       .values(status="redeemed")).rowcount
    if not won:  # redeemed meanwhile by a concurrent request: its row is committed now
        first = lookup.accepted(conn, coupon.id)
        return _already(conn, first, known) if first else refused("coupon_void", **known)
    now = m.utcnow()
    row = {"id": req.idempotency_key, "coupon_id": coupon.id, "device_id": device.id,
           "store_id": device.store_id, "terminal_id": device.terminal_id,
           "status": "accepted", "online": True, "confirmed": False, "code_kind": kind,
           "sale_id": req.sale_id, "gift_redemption_id": req.gift_redemption_id,
           "receipt_no": req.receipt_no, "member_id": coupon.member_id,
           "guide_id": req.guide_id, "product_id": defn.gift_product_id if defn else None,
           "unit_code": req.unit_code,
           # the till's scan, asked about now: a clock off by more than the request's way
           # is bounded by HQ's (the sale's event later sets the use, bounded by this hold)
           "redeemed_at": bounded_use(lookup.utc(req.redeemed_at), now - HOLD_FLIGHT, now),
           "received_at": now, "event_id": None}
    conn.execute(insert(RED), row)
    members.publish(conn, coupon.member_id)  # the till's profile drops the coupon
    place = lookup.place(conn, lookup.accepted(conn, coupon.id))
    return CouponRedeemResponse(outcome="redeemed", message="redeemed", first=place, **known)


def _already(conn: Connection, first: Any, known: dict[str, Any]) -> CouponRedeemResponse:
    place = lookup.place(conn, first)
    return CouponRedeemResponse(
        outcome="already_redeemed", reason="already_redeemed",
        message=f"already redeemed at {lookup.where_text(place)}"[:200], first=place, **known)


def _release(conn: Connection, device: DeviceInfo, key: str) -> CouponRedeemResponse:
    red = conn.execute(select(RED).where(RED.c.id == key, RED.c.device_id == device.id,
                                         RED.c.online.is_(True))).first()
    if red is None or red.status == "conflict":
        return refused("redemption_unknown")
    if red.status == "released":
        return CouponRedeemResponse(outcome="released", coupon_id=red.coupon_id)
    if red.confirmed:
        return refused("redemption_completed", coupon_id=red.coupon_id)
    conn.execute(update(RED).where(RED.c.id == key).values(status="released"))
    conn.execute(update(COUPON).where(COUPON.c.id == red.coupon_id,
                                      COUPON.c.status == "redeemed").values(status="open"))
    members.publish(conn, conn.execute(select(COUPON.c.member_id).where(
        COUPON.c.id == red.coupon_id)).scalar())
    return CouponRedeemResponse(outcome="released", message="released",
                                coupon_id=red.coupon_id)
