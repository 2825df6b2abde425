"""Applying an `audit.head` event (hq/apply_events.py APPLY)."""

from __future__ import annotations

from sqlalchemy import Connection

from hq.audit.heads import record_head
from hq.auth import DeviceInfo
from sync.contract.envelope import EventIn
from sync.contract.events_audit import AuditHeadPayload


def apply_head(conn: Connection, device: DeviceInfo, ev: EventIn, p: AuditHeadPayload) -> str:
    """'' (accepted) or an `audit_rebuilt: …` conflict reason (the head is kept either way)."""
    return record_head(conn, device, p.seq, p.hash, p.reported_at, p.reason, ev.event_id)
