"""HQ's apply of `override.approved`: the row is kept under the till's audit row id, so a
replay (or the same approval pushed again under another event id) changes nothing.

HQ trusts the till's facts here (who asked, who approved, when): an override is a count in
the KPIs, not a value HQ could recompute. The store is the pushing device's; the payload's
terminal is checked to be the device's own before this runs (hq.apply_events).
"""

from __future__ import annotations

from sqlalchemy import Connection, select

from hq import models as m
from hq.auth import DeviceInfo
from sync.contract.envelope import EventIn
from sync.contract.events_overrides import OverrideApprovedPayload

OVERRIDE = m.OverrideApproval.__table__


def apply_override_approved(conn: Connection, device: DeviceInfo, ev: EventIn,
                            p: OverrideApprovedPayload) -> None:
    if conn.execute(select(OVERRIDE.c.id).where(OVERRIDE.c.id == p.id)).first():
        return None
    conn.execute(OVERRIDE.insert().values(
        id=p.id, event_id=ev.event_id, store_id=device.store_id, terminal_id=device.terminal_id,
        at=p.at, action=p.action, asked_by=p.asked_by, approver=p.approver,
        entity_id=p.entity_id, before=p.before, after=p.after, reason=p.reason,
        method=p.method))
    return None
