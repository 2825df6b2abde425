"""An approval's audit row told to HQ (`override.approved`, issue 19): HQ counts overrides
per guide and cashier in its KPIs as the till does, so the two agree on every figure.

Queued in the caller's transaction, the one that writes the audit row: the row and its event
are kept or lost together. A till with no terminal identity yet queues nothing (HQ could
file it under nothing; the till's own figures still count the row).
"""

from __future__ import annotations

from sqlmodel import Session

from local_db.bulk import fetch_value
from local_db.models import AuditLog
from pos_app.services import outbox
from sync.contract.events_overrides import OverrideApprovedPayload
from sync.contract.fields import MAX_FEN

_SELF = "SELECT id FROM terminal WHERE is_self = 1 LIMIT 1"
_TEXT = 200  # the contract's Text bound


def queue_override(session: Session, row: AuditLog, action: str, asked_by: str,
                   approver: str, before: int | None, after: int | None, note: str,
                   method: str) -> str | None:
    """Queue the event of the approval audit `row`; its id is the row's (HQ dedupes on it).
    Returns the outbox event id, or None without a terminal identity."""
    terminal_id = fetch_value(session, _SELF)
    if terminal_id is None:
        return None
    return outbox.enqueue(session, row.id, OverrideApprovedPayload(
        id=row.id, at=row.at, terminal_id=terminal_id, action=action, asked_by=asked_by,
        approver=approver, entity_id=row.entity_id[:_TEXT], before=_fen(before),
        after=_fen(after), reason=note[:_TEXT], method=method))


def _fen(value: int | None) -> int | None:
    """An amount the wire carries; one it cannot (negative, absurd) travels as unknown, so
    an approval is never refused for how HQ would store its figure."""
    return value if value is not None and 0 <= value <= MAX_FEN else None
