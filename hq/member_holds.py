"""Merges HQ does not decide alone (issue 13): a till-made enrolment that shares a phone,
unionid or openid with a member outside the device's store region.

Merging it automatically would hand that member — phone, balance, coupons — to a till
that only had to type a phone number. So the new record is kept on its own (without the
shared identifiers), the enrolment is answered `conflict: member_merge_held: …`, and a
person decides: `shopfloor-hq admin merges pending | approve ID | reject ID`. Approving
merges them (hq.member_hold_approval: the one HQ saw first survives, the existing member);
rejecting leaves them apart. Matches inside the store's own region still merge at once.
Texts carry ids only.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update

from hq import models as m
from hq.admin import AdminError
from hq.auth import DeviceInfo
from hq.db import writer
from sync.contract.envelope import EventIn

HOLD = m.MemberMergeHold.__table__
HELD = "member_merge_held"


def hold(conn: Connection, device: DeviceInfo, ev: EventIn, member_id: str,
         foreign: set[tuple[str, str]]) -> str:
    """Record one hold per existing member; returns the event's conflict reason."""
    parts = []
    by_target: dict[str, list[str]] = {}
    for target, kind in sorted(foreign):
        by_target.setdefault(target, []).append(kind)
    for target, kinds in by_target.items():
        hold_id = conn.execute(insert(HOLD).returning(HOLD.c.id), {
            "member_id": member_id, "target_id": target, "kinds": ",".join(kinds),
            "event_id": ev.event_id, "device_id": device.id, "store_id": device.store_id,
            "status": "pending", "created_at": m.utcnow()}).scalar_one()
        parts.append(f"shares {'/'.join(kinds)} with member {target} (hold {hold_id})")
    return (f"{HELD}: member {member_id} {'; '.join(parts)}, outside this store; "
            "enrolled on its own until a person decides")


def pending(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        rows = conn.execute(select(HOLD).where(HOLD.c.status == "pending")
                            .order_by(HOLD.c.id)).all()
    return [r._asdict() for r in rows]


def pending_row(conn: Connection, hold_id: int) -> Any:
    """The hold, still waiting for a decision; AdminError otherwise."""
    row = conn.execute(select(HOLD).where(HOLD.c.id == hold_id)).first()
    if row is None:
        raise AdminError(f"no merge hold {hold_id}")
    if row.status != "pending":
        raise AdminError(f"merge hold {hold_id} is already {row.status}")
    return row


def reject(engine: Engine, hold_id: int) -> None:
    with writer(engine).begin() as conn:
        pending_row(conn, hold_id)
        conn.execute(update(HOLD).where(HOLD.c.id == hold_id).values(
            status="rejected", decided_at=m.utcnow()))
