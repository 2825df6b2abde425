"""Applying an `audit.head` event (hq/apply_events.py APPLY)."""

from __future__ import annotations

from sqlalchemy import Connection

from hq.audit.heads import record_head
from hq.auth import DeviceInfo
from sync.contract.envelope import EventIn
from sync.contract.events_audit import AuditHeadPayload


def apply_head(conn: Connection, device: DeviceInfo, ev: EventIn, p: AuditHeadPayload) -> str:
    """'' (accepted) or an `audit_rebuilt: …` conflict reason (the heads are kept either
    way). The anchor (the head reported before, as the till's row reads now) is checked
    first: it is where a chain rebuilt since then shows."""
    reasons = []
    if p.anchor_seq is not None and p.anchor_hash is not None:
        reasons.append(record_head(conn, device, p.anchor_seq, p.anchor_hash, p.reported_at,
                                   p.reason, ev.event_id))
    reasons.append(record_head(conn, device, p.seq, p.hash, p.reported_at, p.reason,
                               ev.event_id))
    return "; ".join(r for r in reasons if r)
