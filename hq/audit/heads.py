"""Recording an audit chain head a terminal reported (an `audit.head` event, or the head a
Z carries — issue 18-A calls `record_head` from its shift.closed apply).

HQ trusts the head as a fact and keeps it once per (terminal, seq, hash). What it checks is
agreement with what it heard before: another hash for a seq HQ already holds means the chain
was rebuilt (rows changed and re-sealed, or a backup put back) — kept with `agrees` false
and answered `conflict` `audit_rebuilt: …`, which lists it in the exception list.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select

from hq.auth import DeviceInfo
from hq.models_audit import AuditHead

REBUILT = "audit_rebuilt"  # the reason's prefix and the exception kind (≤ 16 characters)
_T = AuditHead.__table__
_INSERT = insert(_T)


def record_head(conn: Connection, device: DeviceInfo, seq: int, hash_: str,
                reported_at: datetime, source: str, event_id: str) -> str:
    """Keep the head; '' when it agrees with (or repeats) what HQ holds, else the conflict
    reason naming the seq, both hashes and when HQ first heard the one it holds."""
    held = conn.execute(
        select(_T.c.hash, _T.c.received_at, _T.c.agrees)
        .where(_T.c.terminal_id == device.terminal_id, _T.c.seq == seq)
        .order_by(_T.c.id)
    ).all()
    if any(row.hash == hash_ for row in held):
        return ""  # told before (another event, or a retry): nothing new
    first = held[0] if held else None
    row: dict[str, Any] = {
        "terminal_id": device.terminal_id, "store_id": device.store_id, "seq": seq,
        "hash": hash_, "reported_at": reported_at, "source": source, "event_id": event_id,
        "agrees": first is None,
    }
    conn.execute(_INSERT, row)
    if first is None:
        return ""
    return (f"{REBUILT}: terminal {device.terminal_id} reports audit row {seq} as "
            f"{hash_[:16]}…, HQ heard {first.hash[:16]}… for it on "
            f"{first.received_at:%Y-%m-%d %H:%M} UTC: the chain was rebuilt after the fact")
