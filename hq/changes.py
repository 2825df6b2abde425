"""The change log terminals pull from: one monotonic cursor across all streams.

Writers append a row whenever a product, price or staff member changes, in the SAME
transaction as the change, so a terminal never sees a change that was rolled back.
On PostgreSQL a cursor is taken when the row is inserted but becomes visible at commit; two
overlapping writers could commit 11 before 10 and a reader that saw 11 would skip 10 forever.
`record` therefore takes a transaction-scoped advisory lock first, so writers commit in cursor
order (change-log writes are rare admin actions; SQLite serialises writers anyway).
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, and_, delete, exists, func, insert, or_, select, text
from sqlalchemy.orm import aliased

from hq.models import ChangeLog, SyncMeta, utcnow
from sync.dto import Change, ChangesPage

CL = ChangeLog.__table__
META = SyncMeta.__table__
HORIZON = "prune_horizon"
MEMBERS = "members"  # per-store rows of one key; its tombstones are redirects, never pruned
_ADVISORY_KEY = 0x5F0C4A16  # any constant; names "the change-log writer lock"


def lock_writers(conn: Connection) -> None:
    """The transaction-scoped change-log writer lock (PostgreSQL; SQLite serialises anyway)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _ADVISORY_KEY})


def record(
    conn: Connection,
    stream: str,
    key: str,
    op: str,
    data: dict[str, Any] | None = None,
    store_id: str | None = None,
) -> int:
    """Append one change (op `upsert` with data, or `delete` = tombstone); returns its cursor."""
    lock_writers(conn)
    row = {
        "stream": stream,
        "key": key,
        "op": op,
        "data": None if data is None else json.dumps(data, ensure_ascii=False, sort_keys=True),
        "store_id": store_id,
        "created_at": utcnow(),
    }
    return int(conn.execute(insert(CL).returning(CL.c.cursor), row).scalar_one())


def prune_horizon(conn: Connection) -> int:
    value = conn.execute(select(META.c.value).where(META.c.name == HORIZON)).scalar()
    return int(value or 0)


def read_page(
    conn: Connection, stream: str, cursor: int, limit: int, store_id: str | None
) -> ChangesPage:
    """Changes of `stream` after `cursor` visible to `store_id`, oldest first.

    A terminal whose cursor is behind the prune horizon may have missed tombstones, and one
    whose cursor is beyond anything HQ ever issued talks to a different (restored or reset)
    database: both must start the stream again from 0.
    """
    horizon = prune_horizon(conn)
    newest = conn.execute(select(func.max(CL.c.cursor))).scalar() or 0
    if (0 < cursor < horizon) or cursor > max(newest, horizon):
        return ChangesPage(
            stream=stream, changes=[], next_cursor=0, has_more=True, resync_required=True
        )
    visible = or_(CL.c.store_id.is_(None), CL.c.store_id == store_id)
    rows = conn.execute(
        select(CL.c.cursor, CL.c.key, CL.c.op, CL.c.data)
        .where(CL.c.stream == stream, CL.c.cursor > cursor, visible)
        .order_by(CL.c.cursor)
        .limit(limit + 1)
    ).all()
    page = rows[:limit]
    changes = [
        Change(key=r.key, op=r.op, data=json.loads(r.data) if r.data is not None else None)
        for r in page
    ]
    next_cursor = page[-1].cursor if page else cursor
    return ChangesPage(
        stream=stream, changes=changes, next_cursor=next_cursor, has_more=len(rows) > limit
    )


def prune_change_log(conn: Connection, keep_after: int) -> int:
    """Compact history up to `keep_after`; returns how many rows went.

    Removed: rows superseded by a newer row for the same stream and key (for `members`: and
    the same store, since one member is published once per store of its region), and
    tombstones, except `members` tombstones: they are merge redirects a till may still need.
    Kept: the latest upsert of every live row, so a terminal starting from 0 still receives
    the whole current state. Terminals with 0 < cursor < horizon get `resync_required`,
    because the tombstones they had not yet seen are gone.
    """
    newer = aliased(CL)
    superseded = exists().where(
        and_(newer.c.stream == CL.c.stream, newer.c.key == CL.c.key, newer.c.cursor > CL.c.cursor,
             or_(CL.c.stream != MEMBERS,  # members: one row per store, superseded per store
                 newer.c.store_id.is_not_distinct_from(CL.c.store_id)))
    )
    tombstone = and_(CL.c.op == "delete", CL.c.stream != MEMBERS)  # member redirects stay
    result = conn.execute(
        delete(CL).where(CL.c.cursor <= keep_after, or_(superseded, tombstone))
    )
    horizon = max(prune_horizon(conn), keep_after)
    updated = conn.execute(
        META.update().where(META.c.name == HORIZON).values(value=horizon)
    ).rowcount
    if not updated:
        conn.execute(insert(META), {"name": HORIZON, "value": horizon})
    return int(result.rowcount or 0)
