"""The audit trail you can prove (docs/audit.md): append-only rows, each sealed with an
HMAC-SHA256 keyed with the terminal's secret over the previous row's hash and its own
content; `verify` names the first row that breaks the chain; heads travel to HQ.

Callers write rows with `audit.append(session, action, staff_id, entity_id, **detail)`
inside their own transaction, and read the end with `audit.head(session)`.
"""

from __future__ import annotations

from sqlmodel import Session

from local_db.bulk import driver
from pos_app.domain.audit import GENESIS
from pos_app.services.audit.against_hq import HqComparison, HqDisagreement, compare_with_hq
from pos_app.services.audit.head import AuditHead
from pos_app.services.audit.keys import Epochs, database_of, read_epochs
from pos_app.services.audit.log import append, head
from pos_app.services.audit.reporting import queue_head
from pos_app.services.audit.verify import Break, VerifyReport, verify_connection, verify_file

__all__ = ["GENESIS", "AuditHead", "Break", "HqComparison", "HqDisagreement", "VerifyReport",
           "append", "compare_with_hq", "head", "queue_head", "verify", "verify_chain",
           "verify_file"]


def verify(session: Session) -> VerifyReport:
    """Walk the chain inside `session` (the same keys as the CLI)."""
    session.flush()
    database = database_of(session.get_bind())
    epochs = read_epochs(database) if database else Epochs(())
    return verify_connection(driver(session), epochs)


def verify_chain(session: Session) -> bool:
    """True when no audit row was edited, removed, inserted or re-sealed without the key."""
    return verify(session).ok
