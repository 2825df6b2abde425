"""A person's yes to a held merge (hq.member_holds): the two members are merged through
hq.members, the one HQ saw first surviving. Its own module because it sits above
hq.members, which records the holds while enrolling (holds below members, approval above).
"""

from __future__ import annotations

from sqlalchemy import Engine, select, update

from hq import members
from hq import models as m
from hq.admin import AdminError
from hq.db import writer
from hq.member_holds import HOLD, pending_row

MEMBER = m.Member.__table__


def approve(engine: Engine, hold_id: int) -> str:
    """Fold the till-made record into the member HQ had; returns the survivor's id."""
    with writer(engine).begin() as conn:
        row = pending_row(conn, hold_id)
        pair = [members.resolve(conn, row.member_id), members.resolve(conn, row.target_id)]
        if None in pair:
            raise AdminError(f"merge hold {hold_id}: a member is gone")
        seen = dict(conn.execute(select(MEMBER.c.id, MEMBER.c.first_seen_at)
                                 .where(MEMBER.c.id.in_(pair))).all())
        survivor, loser = sorted(pair, key=lambda mid: (seen[mid], mid))  # HQ saw it first
        if loser != survivor:
            stores = members.region(conn, loser) | {row.store_id}
            members.merge(conn, loser, survivor)
            members.publish(conn, survivor, stores)
        conn.execute(update(HOLD).where(HOLD.c.id == hold_id).values(
            status="approved", decided_at=m.utcnow()))
    return survivor
