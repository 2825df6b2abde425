"""How many times a shift's drawer was counted and checked before its close (20-L1).

Why the audit rows and not the screen: a cashier could check a blind count, see the expected
cash, cancel, and count again until it matched. Each checked count is an audit row of its own
(`shift_count_checked`, written by `ShiftService.check_count`), so cancelling the close
screen forgets nothing, and the Z carries how many there were (`ShiftReport.counts`, printed
and sent to HQ in `shift.closed`).
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlmodel import Session

from local_db.models import AuditLog

COUNT_CHECKED = "shift_count_checked"  # the audit action of one checked count
Z_REPRINTED = "z_reprinted"  # the audit action of a Z printed again (marked COPY)


def counts_checked(session: Session, shift_id: str) -> int:
    """The counts checked so far for `shift_id` (0 when none was checked)."""
    return int(session.execute(select(func.count()).select_from(AuditLog).where(
        AuditLog.action == COUNT_CHECKED, AuditLog.entity_id == shift_id)).scalar_one())


def z_counts(session: Session, shift_id: str) -> int:
    """What the Z says: the counts checked, and at least the close's own count."""
    return max(1, counts_checked(session, shift_id))
