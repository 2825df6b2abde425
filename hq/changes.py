"""The change log terminals pull from: one monotonic cursor across all streams.

Writers append a row whenever a product, price or staff member changes, in the SAME
transaction as the change, so a terminal never sees a change that was rolled back.

On PostgreSQL a cursor comes from a sequence when the row is inserted but becomes visible at
commit; two overlapping writers may commit 11 before 10, and a reader that took 11 would
skip 10 forever. Writers used to queue on one global advisory lock until commit (issue 13:
every writer serialised). Now the rule is on the reader's side (docs/sync.md §Cursor):

- each writing transaction, before its first change-log insert, reads the sequence's last
  value L and takes a SHARED transaction-scoped advisory lock keyed by L — a lower bound of
  every cursor it will get, announced before it gets one. Shared locks never wait for each
  other; the lock goes away at commit or rollback;
- a reader reads the sequence's last value `hi`, then the lowest key still locked `lo`, and
  returns only rows with cursor ≤ min(hi, lo − 1): nothing at or above the oldest in-flight
  transaction's first possible cursor. A writer that announces itself after the reader
  looked takes its cursor after that too, so above `hi`.

SQLite has one writer at a time, so its cursors always commit in order.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring as _quote  # a JSON string, UTF-8 as is
from typing import Any

from sqlalchemy import Connection, Row, and_, delete, exists, func, insert, or_, select, text
from sqlalchemy.orm import aliased

from hq.models import ChangeLog, SyncMeta, utcnow
from sync.contract.envelope import Change, ChangesPage
from sync.contract.streams import BY_NAME, REGISTRY

CL = ChangeLog.__table__
META = SyncMeta.__table__
HORIZON = "prune_horizon"
# From the stream registry: streams that publish one key once per store (superseded per
# store), and streams whose tombstones are redirects a till may still need (never pruned).
PER_STORE = tuple(s.name for s in REGISTRY if s.per_store)
REDIRECTS = tuple(s.name for s in REGISTRY if s.redirects is not None)
_ADVISORY_KEY = 0x5F0C4A16  # the member-enrolment lock (hq.members.enroll)
_CURSOR_NS = 0x5F0C0000  # advisory key1 = _CURSOR_NS + (cursor >> 31), key2 = low 31 bits
_LAST_VALUE = text("SELECT coalesce(pg_sequence_last_value("
                   "pg_get_serial_sequence('change_log', 'cursor')::regclass), 0)")
_ANNOUNCE = text("SELECT pg_advisory_xact_lock_shared(CAST(:k1 AS int), CAST(:k2 AS int))")
_OLDEST_IN_FLIGHT = text(
    "SELECT min(((classid::bigint - :ns) << 31) | objid::bigint) FROM pg_locks"
    " WHERE locktype = 'advisory' AND objsubid = 2 AND granted"
    " AND classid::bigint BETWEEN :ns AND :ns + 65535")


def lock_writers(conn: Connection) -> None:
    """A transaction-scoped exclusive lock that serialises member enrolments on PostgreSQL
    (two tills enrolling one phone at once are judged one after the other). The change log
    itself no longer needs it."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _ADVISORY_KEY})


def _announce(conn: Connection) -> None:
    """PostgreSQL: hold this transaction's lower-bound cursor lock (see the module doc)."""
    tx = conn.get_transaction()
    mine = conn.info.get("change_log_floor")
    if mine is None or mine[0] is not tx:
        floor = int(conn.execute(_LAST_VALUE).scalar() or 0)
        mine = (tx, floor)
        conn.info["change_log_floor"] = mine
    floor = mine[1]
    # Again on every call: idempotent, and it comes back if a rolled-back SAVEPOINT took it.
    conn.execute(_ANNOUNCE, {"k1": _CURSOR_NS + (floor >> 31), "k2": floor & 0x7FFFFFFF})


def visible_bound(conn: Connection) -> int | None:
    """PostgreSQL: the highest cursor a reader may return now; None = no bound (SQLite)."""
    if conn.dialect.name != "postgresql":
        return None
    hi = int(conn.execute(_LAST_VALUE).scalar() or 0)
    lo = conn.execute(_OLDEST_IN_FLIGHT, {"ns": _CURSOR_NS}).scalar()
    return hi if lo is None else min(hi, int(lo) - 1)


def record(
    conn: Connection,
    stream: str,
    key: str,
    op: str,
    data: dict[str, Any] | None = None,
    store_id: str | None = None,
) -> int:
    """Append one change (op `upsert` with data, or `delete` = tombstone) to a registered
    stream (sync.contract.streams); returns its cursor. A NaN or infinity in `data` raises
    ValueError: json would write it as a bare NaN, which is not JSON, and every till pulling
    the change would fail to read the page."""
    if stream not in BY_NAME:
        raise ValueError(f"unknown stream {stream!r}: add it to sync.contract.streams")
    if conn.dialect.name == "postgresql":
        _announce(conn)
    row = {
        "stream": stream,
        "key": key,
        "op": op,
        "data": None if data is None else json.dumps(data, ensure_ascii=False, sort_keys=True,
                                                  allow_nan=False),
        "store_id": store_id,
        "created_at": utcnow(),
    }
    return int(conn.execute(insert(CL).returning(CL.c.cursor), row).scalar_one())


def prune_horizon(conn: Connection) -> int:
    value = conn.execute(select(META.c.value).where(META.c.name == HORIZON)).scalar()
    return int(value or 0)


def _page_rows(
    conn: Connection, stream: str, cursor: int, limit: int, store_id: str | None
) -> tuple[list[Row[Any]], bool] | None:
    """The rows (cursor, key, op, data as stored) of one page and whether more follow;
    None when the terminal must start the stream again from 0 (see `read_page`)."""
    horizon = prune_horizon(conn)
    newest = conn.execute(select(func.max(CL.c.cursor))).scalar() or 0
    if (0 < cursor < horizon) or cursor > max(newest, horizon):
        return None
    visible = or_(CL.c.store_id.is_(None), CL.c.store_id == store_id)
    query = select(CL.c.cursor, CL.c.key, CL.c.op, CL.c.data).where(
        CL.c.stream == stream, CL.c.cursor > cursor, visible)
    bound = visible_bound(conn)
    if bound is not None:  # never past a cursor an in-flight writer may still commit
        query = query.where(CL.c.cursor <= bound)
    rows = conn.execute(query.order_by(CL.c.cursor).limit(limit + 1)).all()
    return rows[:limit], len(rows) > limit


def read_page(
    conn: Connection, stream: str, cursor: int, limit: int, store_id: str | None
) -> ChangesPage:
    """Changes of `stream` after `cursor` visible to `store_id`, oldest first.

    A terminal whose cursor is behind the prune horizon may have missed tombstones, and one
    whose cursor is beyond anything HQ ever issued talks to a different (restored or reset)
    database: both must start the stream again from 0.
    """
    found = _page_rows(conn, stream, cursor, limit, store_id)
    if found is None:
        return ChangesPage(
            stream=stream, changes=[], next_cursor=0, has_more=True, resync_required=True
        )
    page, more = found
    changes = [
        Change(key=r.key, op=r.op, data=json.loads(r.data) if r.data is not None else None)
        for r in page
    ]
    next_cursor = page[-1].cursor if page else cursor
    return ChangesPage(stream=stream, changes=changes, next_cursor=next_cursor, has_more=more)


_OPS = {"upsert": '"upsert"', "delete": '"delete"'}


def read_page_json(
    conn: Connection, stream: str, cursor: int, limit: int, store_id: str | None
) -> bytes:
    """`read_page`'s answer as the JSON body of a `ChangesPage`, built from the stored text.

    Why: each row's `data` is already canonical JSON in the change log (`record`), and a
    first download is hundreds of thousands of rows; parsing it, validating it as models and
    serialising it again cost HQ most of the time a till waited for a page (bench sync).
    Here only the key is encoded and the data is spliced in as stored. Same fields, same
    values as the model's JSON (tests/hq/test_changes.py compares the two)."""
    found = _page_rows(conn, stream, cursor, limit, store_id)
    if found is None:
        return ChangesPage(stream=stream, changes=[], next_cursor=0, has_more=True,
                           resync_required=True).model_dump_json().encode()
    page, more = found
    rows = ",".join(
        f'{{"key":{_quote(key)},"op":{_OPS.get(op) or _quote(op)},"data":'
        f'{"null" if data is None else data}}}' for _cursor, key, op, data in page)
    next_cursor = page[-1].cursor if page else cursor
    return (f'{{"stream":{_quote(stream)},"changes":[{rows}],"next_cursor":{int(next_cursor)},'
            f'"has_more":{"true" if more else "false"},"resync_required":false}}').encode()


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
             or_(CL.c.stream.not_in(PER_STORE),  # members: superseded per store
                 newer.c.store_id.is_not_distinct_from(CL.c.store_id)))
    )
    tombstone = and_(CL.c.op == "delete", CL.c.stream.not_in(REDIRECTS))  # redirects stay
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
