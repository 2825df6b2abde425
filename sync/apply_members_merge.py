"""The merge half of the `members` stream (docs/sync.md §Members): HQ's redirects
old id → survivor, the late moves when a survivor arrives after its redirect, and the points
HQ's balance already counts. Redirects are rare (a handful per page at most), so they stay
row by row; the upserts around them are applied per page in bulk (sync.apply_members).
"""

from __future__ import annotations

import json

from sqlalchemy import Table, select, update
from sqlalchemy.engine import Connection

from kernel.sqlite import driver_of
from local_db.ids import utcnow
from local_db.member_index import unindex_member
from local_db.models import Member, MemberCoupon, MemberIdentifier, PointsEntry, Sale

_M: Table = Member.__table__  # type: ignore[assignment]
_I: Table = MemberIdentifier.__table__  # type: ignore[assignment]
_PE: Table = PointsEntry.__table__  # type: ignore[assignment]
_S: Table = Sale.__table__  # type: ignore[assignment]
_C: Table = MemberCoupon.__table__  # type: ignore[assignment]


def move_references(conn: Connection, old_id: str, new_id: str) -> None:
    """Sales, points, identifiers, coupons and older redirects of `old_id` go to `new_id`."""
    params = {"member_id": new_id}
    conn.execute(update(_S).where(_S.c.member_id == old_id).values(params))
    conn.execute(update(_PE).where(_PE.c.member_id == old_id).values(params))
    conn.execute(update(_I).where(_I.c.member_id == old_id).values(params))
    conn.execute(update(_C).where(_C.c.member_id == old_id).values(params))
    conn.execute(update(_M).where(_M.c.merged_into == old_id).values(merged_into=new_id))


def redirect(conn: Connection, old_id: str, new_id: str) -> bool:
    """Apply HQ's merge old → new; False when the old id is not here (nothing to do)."""
    old = conn.execute(select(_M.c.name, _M.c.merged_into).where(_M.c.id == old_id)).first()
    survivor_here = conn.execute(select(_M.c.id).where(_M.c.id == new_id)).first() is not None
    if old is None:
        return False
    if old.merged_into is None:
        unindex_member(conn, old_id, old.name)
    conn.execute(update(_M).where(_M.c.id == old_id).values(
        phone=None, card_no=None, merged_into=new_id, updated_at=utcnow()))
    if survivor_here:
        move_references(conn, old_id, new_id)
    return True


def finish(conn: Connection, ids: list[str]) -> None:
    """After upserts: move the references of members merged into these (their survivor
    arrived only now), then confirm the points HQ's balance already counts. The page's ids
    go as one JSON parameter on the DBAPI connection (same transaction)."""
    if not ids:
        return
    raw = driver_of(conn)
    each = json.dumps(ids)
    late = raw.execute("SELECT id, merged_into FROM member WHERE merged_into IN"
                       " (SELECT value FROM json_each(?))", (each,)).fetchall()
    for old_id, new_id in late:
        move_references(conn, old_id, new_id)
    # HQ's balance now includes every points entry whose sale/return event HQ has answered
    # (push runs before pull): those entries stop counting as pending on top of it.
    raw.execute(
        "UPDATE points_entry SET status = 'confirmed' WHERE status = 'pending'"
        " AND member_id IN (SELECT value FROM json_each(?)) AND NOT EXISTS ("
        "SELECT 1 FROM outbox_event o WHERE o.status = 'pending'"
        " AND (o.entity_id = points_entry.sale_id OR o.entity_id = points_entry.return_id))",
        (each,))
