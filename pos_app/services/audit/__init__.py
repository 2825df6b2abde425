"""Append-only, hash-chained audit rows, written inside the caller's transaction."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from sqlmodel import Session, select

from local_db.models import AuditLog

GENESIS = "0" * 64


@dataclass(frozen=True, slots=True)
class AuditHead:
    """The chain's last row: what a Z and HQ keep so a rebuilt chain disagrees later."""

    seq: int
    hash: str


def head(session: Session) -> AuditHead:
    """The last row's (seq, hash); (0, GENESIS) on an empty chain. Read in the caller's session."""
    last = session.exec(select(AuditLog).order_by(AuditLog.seq.desc()).limit(1)).first()
    if last is None or last.seq is None:
        return AuditHead(0, GENESIS)
    return AuditHead(last.seq, last.hash)


def _digest(prev_hash: str, row: AuditLog) -> str:
    body = json.dumps(
        [prev_hash, row.id, row.at.isoformat(), row.staff_id, row.action, row.entity_id,
         row.detail],
        ensure_ascii=False,
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def append(
    session: Session, action: str, staff_id: str | None, entity_id: str = "", **detail: object
) -> AuditLog:
    """Chain a new row to the last one; no personal data belongs in `detail` (ids only)."""
    last = session.exec(select(AuditLog).order_by(AuditLog.seq.desc()).limit(1)).first()
    prev = last.hash if last else GENESIS
    row = AuditLog(
        staff_id=staff_id,
        action=action,
        entity_id=entity_id,
        detail=json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str),
        prev_hash=prev,
        hash="",
    )
    row.hash = _digest(prev, row)
    session.add(row)
    session.flush()
    return row


def verify_chain(session: Session) -> bool:
    """True when no audit row was edited, removed or inserted out of order."""
    prev = GENESIS
    for row in session.exec(select(AuditLog).order_by(AuditLog.seq)):
        if row.prev_hash != prev or _digest(prev, row) != row.hash:
            return False
        prev = row.hash
    return True
