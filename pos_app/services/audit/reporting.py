"""Chain heads travel to HQ as `audit.head` outbox events (sync/contract/events_audit.py),
queued in the transaction of the row they name: at every sign-out, and with any row written
`REPORT_EVERY` after the last report of this process. (The Z carries one too: issue 18-A's
shift.closed.) Idempotent end to end: HQ dedupes on the event id and stores a (seq, hash) it
already holds only once."""

from __future__ import annotations

import json
import threading
import time

from sqlmodel import Session

from local_db.bulk import fetch_value
from local_db.ids import utcnow
from pos_app.services import outbox
from pos_app.services.audit.head import AuditHead
from pos_app.services.audit.keys import database_of
from sync.contract.events_audit import AuditHeadPayload, HeadReason

REPORT_ON: dict[str, HeadReason] = {"sign_out": "sign_out"}
REPORT_EVERY_S = 15 * 60
_SELF = "SELECT id FROM terminal WHERE is_self = 1 LIMIT 1"
_LAST_REPORT = ("SELECT payload FROM outbox_event WHERE type = 'audit.head'"
                " ORDER BY seq DESC LIMIT 1")
_HASH_AT = "SELECT hash FROM audit_log WHERE seq = ?"
GONE = "0" * 64
_last: dict[str, float] = {}
_lock = threading.Lock()


def _due(session: Session, action: str) -> HeadReason | None:
    if action in REPORT_ON:
        return REPORT_ON[action]
    database = database_of(session.get_bind()) or ":memory:"
    now = time.monotonic()
    with _lock:
        last = _last.setdefault(database, now)  # a process's first row starts the clock
        return "periodic" if now - last >= REPORT_EVERY_S else None


def queue_head(session: Session, head: AuditHead, reason: HeadReason) -> str | None:
    """Queue `head` for HQ in the caller's transaction; None when this till has no terminal
    identity yet (nothing HQ could file it under)."""
    terminal_id = fetch_value(session, _SELF)
    if terminal_id is None:
        return None
    with _lock:
        _last[database_of(session.get_bind()) or ":memory:"] = time.monotonic()
    anchor_seq, anchor_hash = _anchor(session)
    anchor = {} if anchor_seq is None else {"anchor_seq": anchor_seq, "anchor_hash": anchor_hash}
    return outbox.enqueue(session, terminal_id, AuditHeadPayload(
        terminal_id=terminal_id, seq=head.seq, hash=head.hash, reported_at=utcnow(),
        reason=reason, **anchor))  # only what is known travels


def _anchor(session: Session) -> tuple[int | None, str | None]:
    """The seq of the head reported last time and its row's hash as stored now."""
    last = fetch_value(session, _LAST_REPORT)
    if last is None:
        return None, None
    seq = int(json.loads(last)["seq"])
    if seq == 0:
        return None, None
    return seq, fetch_value(session, _HASH_AT, (seq,)) or GONE


def maybe_report(session: Session, head: AuditHead, action: str) -> None:
    reason = _due(session, action)
    if reason is not None:
        queue_head(session, head, reason)
