"""Who a till's event may name at HQ: HQ trusts a till's identity and facts, but a decision
it reports (an approval, a re-attribution, a target) counts only if the person it names is
one HQ knows in that device's store. One place for the rule, so returns, KPI events and any
later approval check ask the same questions."""

from __future__ import annotations

from sqlalchemy import Connection, select

from hq import models as m

STAFF = m.Staff.__table__


def is_manager(conn: Connection, staff_id: str, store_id: str) -> bool:
    """An active manager of this store (a deactivated one decides nothing any more)."""
    return conn.execute(select(STAFF.c.id).where(
        STAFF.c.id == staff_id, STAFF.c.store_id == store_id, STAFF.c.role == "manager",
        STAFF.c.active.is_(True))).first() is not None


def is_staff(conn: Connection, staff_id: str, store_id: str) -> bool:
    """A member of this store's staff, active or not: a line sold last month may still be
    credited to a guide who has left since."""
    return conn.execute(select(STAFF.c.id).where(
        STAFF.c.id == staff_id, STAFF.c.store_id == store_id)).first() is not None
