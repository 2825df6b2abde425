"""HQ applying a pushed `coupon.redeemed` (sync/contract/events_coupons.py).

- An online redemption HQ already holds (the same redemption id, from this device): the
  event confirms it (no release from now on) and fills in what the till knew only at the end.
- Otherwise (offline): the coupon goes open → redeemed by the same conditional UPDATE as the
  online path; the first redemption HQ sees is accepted, any later one is kept with status
  `conflict` and the event answers `coupon_conflict: …` naming both receipts, guides and units,
  which the pushing till lists among its exceptions and `shopfloor-hq coupons conflicts` lists.
- HQ does not take the till's word for its offline policy: an offline redemption the coupon's
  policy forbids (`deny`, or `allow_under` a worth it exceeds; a coupon with no definition is
  `deny`) stands, but its event answers `coupon_policy: …` for a person to look at.
- A gift's unit becomes `gifted` at HQ (from in_stock), linked to the guide and time; a unit HQ
  does not hold in stock is named in the answer and the redemption still stands.
Replays change nothing: a redemption id is stored once (and the event id too, by the push).
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from hq import members, units
from hq import models as m
from hq.auth import DeviceInfo
from hq.coupons import lookup
from hq.errors import ConflictError
from hq.kpis import rollup as kpi_rollup
from hq.policy import store_tz
from pos_app.domain.coupons.used_time import bounded_use
from pos_app.domain.kpis import local_day
from sync.contract.envelope import EventIn
from sync.contract.events_coupons import CouponRedeemedPayload, CouponRevivedPayload

log = logging.getLogger(__name__)
FLIGHT_S = 5.0  # a till's time this close outside the bounds is its request's way to HQ
CONFLICT = "coupon_conflict"
POLICY = "coupon_policy"
PRODUCT = m.Product.__table__
COUPON, RED, UNIT = m.Coupon.__table__, m.CouponRedemption.__table__, m.Unit.__table__


def describe(red: Any) -> str:
    """'receipt R at store S, guide G, unit U' — one side of a conflict."""
    ticket = f"receipt {red.receipt_no}" if red.receipt_no else f"gift {red.gift_redemption_id}"
    return (f"{ticket} at store {red.store_id}, guide {red.guide_id or '-'}, "
            f"unit {red.unit_code or '-'}")


def apply_redeemed(conn: Connection, device: DeviceInfo, ev: EventIn,
                   p: CouponRedeemedPayload) -> str | None:
    held = conn.execute(select(RED).where(RED.c.id == p.redemption_id)).first()
    if held is not None and held.device_id != device.id:
        raise ConflictError(f"redemption {p.redemption_id} belongs to another device")
    if held is not None and held.status != "released":
        if held.confirmed:
            return None  # the same redemption again
        used = _used_time(held, p)
        conn.execute(update(RED).where(RED.c.id == held.id).values(
            confirmed=True, event_id=ev.event_id, receipt_no=p.receipt_no or held.receipt_no,
            guide_id=p.guide_id or held.guide_id, unit_code=p.unit_code or held.unit_code,
            product_id=p.product_id or held.product_id,
            # used when the sale closed (PRODUCT §5), not when a short code was held at its
            # scan (tester 24); the hold's day and the used one are rolled up again
            redeemed_at=used))
        if held.status == "accepted":
            tz = store_tz()
            kpi_rollup.mark(conn, [(held.store_id, local_day(held.redeemed_at, tz)),
                                   (held.store_id, local_day(used, tz))])
        if held.status != "accepted":
            return None
        return _gift(conn, device, ev, p.model_copy(update={"redeemed_at": used}))
    coupon = conn.execute(select(COUPON).where(COUPON.c.id == p.coupon_id)).first()
    if coupon is None:
        raise ConflictError(f"coupon_unknown: coupon {p.coupon_id} was never issued by HQ")
    p = _not_after_arrival(p, device)
    won = conn.execute(update(COUPON).where(COUPON.c.id == coupon.id,
                                            COUPON.c.status == "open")
                       .values(status="redeemed")).rowcount
    first = None if won else lookup.accepted(conn, coupon.id)
    row = {"id": p.redemption_id, "coupon_id": coupon.id, "device_id": device.id,
           "store_id": device.store_id, "terminal_id": device.terminal_id,
           "status": "accepted" if won else "conflict", "online": p.online,
           "confirmed": True, "code_kind": p.code_kind, "sale_id": p.sale_id,
           "gift_redemption_id": p.gift_redemption_id, "receipt_no": p.receipt_no,
           "member_id": p.member_id, "guide_id": p.guide_id, "product_id": p.product_id,
           "unit_code": p.unit_code, "redeemed_at": p.redeemed_at, "received_at": m.utcnow(),
           "event_id": ev.event_id}
    if held is not None:  # released before, completed after all: it competes again
        conn.execute(update(RED).where(RED.c.id == held.id).values(
            **{k: v for k, v in row.items() if k != "id"}))
    else:
        conn.execute(insert(RED), row)
    if won:
        members.publish(conn, coupon.member_id)
        said = [r for r in (_policy_breach(conn, coupon, p), _gift(conn, device, ev, p)) if r]
        return "; ".join(said) or None
    ours = conn.execute(select(RED).where(RED.c.id == p.redemption_id)).one()
    was = f"{describe(first)}, {lookup.utc(first.redeemed_at):%Y-%m-%d %H:%M}" if first \
        else f"coupon {coupon.status} at HQ"
    return (f"{CONFLICT}: coupon {coupon.code} already redeemed by {was}; "
            f"this one by {describe(ours)}")


def _used_time(held: Any, p: CouponRedeemedPayload) -> datetime:
    """The sale's close as the till tells it, bounded by HQ's hold and the event's arrival
    (pos_app.domain.coupons.used_time); a till's time outside them is logged and clamped."""
    claimed, held_at, arrived = lookup.utc(p.redeemed_at), lookup.utc(held.received_at), \
        m.utcnow()
    used = bounded_use(claimed, held_at, arrived)
    if used != claimed:
        # a gift's time is read just before its hold is asked for: milliseconds early is the
        # request's flight, not a wrong clock, and is not worth a warning
        moved = abs((used - claimed).total_seconds())
        log.log(logging.WARNING if moved > FLIGHT_S else logging.DEBUG,
                "coupon redemption %s from device %s: the till's used time %s is outside"
                " its hold at HQ %s and the event's arrival %s; kept %s", held.id,
                held.device_id, claimed.isoformat(), held_at.isoformat(),
                arrived.isoformat(), used.isoformat())
    return used


def _not_after_arrival(p: CouponRedeemedPayload, device: DeviceInfo) -> CouponRedeemedPayload:
    """A use HQ was not holding (offline, or its hold released) cannot have happened after
    its event reached HQ: a till clock ahead is clamped to the arrival and logged, so it
    cannot move a redemption into a later day's KPIs or past the coupon's policy checks.
    Earlier is the till's fact: it may have sold offline for days."""
    claimed, arrived = lookup.utc(p.redeemed_at), m.utcnow()
    if claimed <= arrived:
        return p
    log.warning("coupon redemption %s from device %s: the till's used time %s is after the"
                " event's arrival %s; kept the arrival", p.redemption_id, device.id,
                claimed.isoformat(), arrived.isoformat())
    return p.model_copy(update={"redeemed_at": arrived})


def _policy_breach(conn: Connection, coupon: Any, p: CouponRedeemedPayload) -> str | None:
    """Why this offline redemption broke the coupon's offline policy, or None."""
    if p.online:
        return None
    defn = lookup.definition(conn, coupon)
    policy = defn.offline if defn is not None else "deny"
    if policy == "allow":
        return None
    if policy == "deny":
        return f"{POLICY}: coupon {coupon.code} redeemed offline, its policy is deny"
    worth = coupon.value if coupon.kind == "amount_off" else None
    if coupon.kind == "gift" and defn.gift_product_id:
        worth = conn.execute(select(PRODUCT.c.price).where(
            PRODUCT.c.id == defn.gift_product_id)).scalar()
    if worth is not None and worth >= defn.offline_under:  # "under": as the till reads it
        return (f"{POLICY}: coupon {coupon.code} worth {worth} fen redeemed offline, "
                f"allowed only under {defn.offline_under} fen")
    return None


def _gift(conn: Connection, device: DeviceInfo, ev: EventIn, p: CouponRedeemedPayload
          ) -> str | None:
    """The gift unit handed out becomes `gifted` at HQ; a unit HQ does not hold in stock here
    is named (the redemption stands: the gift left the store)."""
    if not p.unit_code:
        return None
    unit = conn.execute(select(UNIT).where(UNIT.c.unit_key == p.unit_code)).first()
    if unit is None:
        return f"{units.ANOMALY}: gift unit {p.unit_code} unknown to HQ"
    if unit.state == "gifted":
        return None
    conn.execute(update(UNIT).where(UNIT.c.id == unit.id).values(
        state="gifted", store_id=device.store_id, guide_id=p.guide_id, sale_id=None,
        sold_at=p.redeemed_at, updated_at=m.utcnow()))
    units._event(conn, unit, unit.state, "gifted", device.store_id, p.redeemed_at,
                 ev.event_id, f"coupon {p.coupon_id}")
    units.publish(conn, unit.id, left_store=unit.store_id)
    if unit.state != "in_stock":
        return f"{units.ANOMALY}: gift unit {p.unit_code} was {unit.state} at HQ, now gifted"
    return None


def apply_revived(conn: Connection, device: DeviceInfo, ev: EventIn,
                  p: CouponRevivedPayload) -> None:
    """`coupon.revived`: a manager's decision at a return (audited on the till) opens the
    coupon again; the redemption is kept as `revived`. Only an accepted redemption of a sale
    at this store, of this coupon; a replay changes nothing."""
    red = conn.execute(select(RED).where(RED.c.id == p.redemption_id)).first()
    if red is None or red.coupon_id != p.coupon_id or red.store_id != device.store_id:
        raise ConflictError(f"coupon_unknown: no redemption {p.redemption_id} of coupon "
                            f"{p.coupon_id} at this store")
    if red.status == "revived":
        return None
    if red.status != "accepted" or red.gift_redemption_id is not None:
        raise ConflictError(f"redemption {p.redemption_id} is {red.status}"
                            + (", a gift's" if red.gift_redemption_id else "")
                            + ": its coupon is not revived")
    conn.execute(update(RED).where(RED.c.id == red.id).values(status="revived"))
    conn.execute(update(COUPON).where(COUPON.c.id == red.coupon_id).values(status="open"))
    members.publish(conn, conn.execute(select(COUPON.c.member_id).where(
        COUPON.c.id == red.coupon_id)).scalar())
    return None
