"""Writing the chain: `append` seals a row with the terminal key in the caller's transaction,
`head` reads its end. The row is written at the driver (one INSERT, `at` as the stored text),
so the bytes the MAC covers are exactly the bytes on disk (pos_app.domain.audit.chain)."""

from __future__ import annotations

import json

from sqlmodel import Session

from local_db.bulk import driver
from local_db.ids import new_id, utcnow
from local_db.models import AuditLog
from local_db.uow import note_table_write
from pos_app.domain.audit import GENESIS, KeyedMac, canonical, legacy_at, legacy_digest
from pos_app.services.audit import keys
from pos_app.services.audit.head import AuditHead
from pos_app.services.audit.reporting import maybe_report, queue_head

_INSERT = ('INSERT INTO audit_log (seq, id, at, staff_id, action, entity_id, detail,'
           ' prev_hash, hash, key_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
_LAST = "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"
_macs: dict[bytes, KeyedMac] = {}


def head(session: Session) -> AuditHead:
    """The last row's (seq, hash); (0, GENESIS) on an empty chain. Read in the caller's session."""
    row = driver_row(session)
    return AuditHead(0, GENESIS) if row is None else AuditHead(int(row[0]), str(row[1]))


def driver_row(session: Session) -> tuple[int, str] | None:
    session.flush()
    cur = driver(session).execute(_LAST)
    return cur.fetchone()


def _mac(key: bytes) -> KeyedMac:
    mac = _macs.get(key)
    if mac is None:
        mac = _macs[key] = KeyedMac(key)
    return mac


def append(
    session: Session, action: str, staff_id: str | None, entity_id: str = "", **detail: object
) -> AuditLog:
    """Seal a new row onto the chain inside the caller's transaction; no personal data
    belongs in `detail` (ids only). Keyed with the terminal's key (made on the first row if
    this till has none yet); an in-memory database writes unkeyed rows."""
    last = driver_row(session)
    prev, seq = (GENESIS, 1) if last is None else (str(last[1]), int(last[0]) + 1)
    row_id, now = new_id(), utcnow()
    at = now.strftime("%Y-%m-%d %H:%M:%S.%f")  # SQLAlchemy's own DATETIME text on SQLite
    text = json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str)
    staff = staff_id or None
    written = keys.epochs_for_writing(session, seq)
    if written.lost_key and written.epochs is not None and written.epochs.current is not None:
        _key_replaced(session, written.lost_key, written.epochs.current.key_id)
        return append(session, action, staff_id, entity_id, **detail)  # after that row
    epoch = written.epochs.current if written.epochs is not None else None
    if epoch is None:
        digest, key_id = legacy_digest(prev, row_id, legacy_at(at), staff, action, entity_id,
                                       text), ""
    else:
        message = canonical(prev, seq, row_id, at, staff, action, entity_id, text)
        digest, key_id = _mac(epoch.key).hexdigest(message), epoch.key_id
    driver(session).execute(_INSERT, (seq, row_id, at, staff, action, entity_id, text, prev,
                                      digest, key_id))
    note_table_write(session, "audit_log", insert=True)
    maybe_report(session, AuditHead(seq, digest), action)
    return AuditLog(seq=seq, id=row_id, at=now, staff_id=staff, action=action,
                    entity_id=entity_id, detail=text, prev_hash=prev, hash=digest,
                    key_id=key_id)


def _key_replaced(session: Session, lost_key: str, new_key: str) -> None:
    """The secret store lost the key the chain was sealed with: say so on the chain (the
    first row of the new key) and queue that head for HQ at once, in the same transaction,
    so a deleted secrets.json is seen rather than quietly becoming a fresh start. The rows
    of the lost key stay on the chain; `audit verify` reports them as unprovable."""
    append(session, "audit_key_replaced", None, lost_key, previous_key_id=lost_key,
           new_key_id=new_key)
    queue_head(session, head(session), "new_key")
