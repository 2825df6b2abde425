"""The merge half of the `members` stream (docs/sync.md §Members): HQ's redirects
old id → survivor, the late moves when a survivor arrives after its redirect, and the points
HQ's balance already counts. Redirects are rare (a handful per page at most), so they stay
row by row; the upserts around them are applied per page in bulk (sync.apply_members).
"""

from __future__ import annotations

from sqlalchemy import Table, exists, or_, select, update
from sqlalchemy.engine import Connection

from local_db.ids import utcnow
from local_db.member_index import unindex_member
from local_db.models import Member, MemberCoupon, MemberIdentifier, OutboxEvent, PointsEntry, Sale

_M: Table = Member.__table__  # type: ignore[assignment]
_I: Table = MemberIdentifier.__table__  # type: ignore[assignment]
_PE: Table = PointsEntry.__table__  # type: ignore[assignment]
_S: Table = Sale.__table__  # type: ignore[assignment]
_C: Table = MemberCoupon.__table__  # type: ignore[assignment]
CHUNK = 500  # ids per IN (...) list


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
    arrived only now), then confirm the points HQ's balance already counts."""
    chunks = [ids[start:start + CHUNK] for start in range(0, len(ids), CHUNK)]
    for chunk in chunks:
        late = conn.execute(select(_M.c.id, _M.c.merged_into)
                            .where(_M.c.merged_into.in_(chunk))).all()
        for old_id, new_id in late:
            move_references(conn, old_id, new_id)
    for chunk in chunks:  # after every move: a moved entry is confirmed with its survivor
        _confirm(conn, chunk)


def _confirm(conn: Connection, member_ids: list[str]) -> None:
    """HQ's balance now includes every points entry whose sale/return event HQ has answered
    (push runs before pull): those entries stop counting as pending on top of it."""
    waiting = select(OutboxEvent.id).where(
        OutboxEvent.status == "pending",
        or_(OutboxEvent.entity_id == _PE.c.sale_id, OutboxEvent.entity_id == _PE.c.return_id))
    conn.execute(update(_PE).where(_PE.c.member_id.in_(member_ids), _PE.c.status == "pending",
                                   ~exists(waiting)).values(status="confirmed"))
