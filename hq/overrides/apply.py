"""HQ's apply of `override.approved`: the row is kept under the till's audit row id, so a
replay (or the same approval pushed again under another event id) changes nothing.

HQ trusts the till's facts here (when, what, the amounts): an override is a count in the
KPIs, not a value HQ could recompute. But it counts only if the people it names are ones HQ
knows in the pushing device's store (hq.store_staff, the rule of the KPI events): the
approver an active manager (else `approval_invalid`), who asked one of its staff (else
`staff_unknown`) — a conflict, listed, nothing counted. The payload's terminal is checked to
be the device's own before this runs (hq.apply_events).
"""

from __future__ import annotations

from sqlalchemy import Connection, select

from hq import models as m
from hq.auth import DeviceInfo
from hq.errors import ConflictError
from hq.store_staff import is_manager, is_staff
from sync.contract.envelope import EventIn
from sync.contract.events_overrides import OverrideApprovedPayload

OVERRIDE = m.OverrideApproval.__table__


def apply_override_approved(conn: Connection, device: DeviceInfo, ev: EventIn,
                            p: OverrideApprovedPayload) -> None:
    if conn.execute(select(OVERRIDE.c.id).where(OVERRIDE.c.id == p.id)).first():
        return None
    if not is_manager(conn, p.approver, device.store_id):
        raise ConflictError(f"approval_invalid: override: {p.approver} is not an active "
                            "manager of this store")
    if not is_staff(conn, p.asked_by, device.store_id):
        raise ConflictError(f"staff_unknown: override: {p.asked_by} is not staff of this "
                            "store")
    conn.execute(OVERRIDE.insert().values(
        id=p.id, event_id=ev.event_id, store_id=device.store_id, terminal_id=device.terminal_id,
        at=p.at, action=p.action, asked_by=p.asked_by, approver=p.approver,
        entity_id=p.entity_id, before=p.before, after=p.after, reason=p.reason,
        method=p.method))
    return None
