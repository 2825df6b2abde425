"""Keeping the member name index (FTS5 `member_fts`, migration 0005) in step with `member`.

Each member gets one row whose `terms` list the name's character unigrams and bigrams plus
its pinyin, full and initials: 王芳 -> "王 芳 王芳 wangfang wf" (pos_app.domain.search_text).
Whoever writes `member` rows (enrolment in the services, the HQ members stream in sync/)
calls `index_member` in the same transaction, and `unindex_member` before a name change;
it lives here, beside the tables, so both may.

After a first download the index may be pending (local_db.member_bulk_index): members above
the build's watermark are then left to the build, so each writer here skips them.
"""

from __future__ import annotations

import json
from functools import lru_cache

from sqlalchemy import text
from sqlalchemy.engine import Connection

from kernel.sqlite import driver_of
from pos_app.domain.search_text import match_expression, name_terms

MARK = "member_index"  # sync_state row while the bulk build is pending (member_bulk_index)


def watermark(conn: Connection) -> int | None:
    """None when the index is whole; else the member rowid up to which it is built."""
    raw = driver_of(conn)
    row = raw.execute("SELECT cursor FROM sync_state WHERE stream = ?", (MARK,)).fetchone()
    return None if row is None else int(row[0])


def _left_to_build(conn: Connection, member_id: str) -> bool:
    """The pending build will index this member (it is above the watermark)."""
    mark = watermark(conn)
    if mark is None:
        return False
    raw = driver_of(conn)
    row = raw.execute("SELECT rowid FROM member WHERE id = ?", (member_id,)).fetchone()
    return row is None or int(row[0]) > mark


@lru_cache(maxsize=16_384)
def search_terms(name: str) -> str:
    """The FTS `terms` of a name: unigrams, bigrams, pinyin full and initials (deduplicated).

    Cached for the names that repeat (common given names); kept small, since a first
    download passes a million names through it and pinyin is now cheap to recompute."""
    return " ".join(name_terms(name))


def index_member(conn: Connection, member_id: str, name: str) -> None:
    """Add the member's search row (call inside the transaction that writes the member)."""
    if _left_to_build(conn, member_id):
        return
    conn.execute(
        text("INSERT INTO member_fts (member_id, terms) VALUES (:id, :terms)"),
        {"id": member_id, "terms": search_terms(name)},
    )


def unindex_member(conn: Connection, member_id: str, name: str) -> None:
    """Remove the member's search row; `name` is the one it was indexed under.

    Found through the name's own tokens, so no scan of the whole table.
    """
    if _left_to_build(conn, member_id):
        return
    expr = match_expression(name) or '""'
    rows = conn.execute(
        text("SELECT rowid FROM member_fts WHERE member_fts MATCH :q AND member_id = :id"),
        {"q": expr, "id": member_id},
    ).all()
    for (rowid,) in rows:
        conn.execute(text("DELETE FROM member_fts WHERE rowid = :r"), {"r": rowid})


def index_members(conn: Connection, members: list[tuple[str, str]]) -> None:
    """`index_member` for a page of (member_id, name) at once: one executemany (the members
    stream's first download indexes a million names, one page at a time)."""
    if not members:
        return
    raw = driver_of(conn)  # same transaction, no per-row binding work
    mark = watermark(conn)
    if mark is not None:  # a bulk build is pending: it indexes the members above its mark
        ids = json.dumps([member_id for member_id, _name in members])
        done = {mid for (mid,) in raw.execute(
            "SELECT id FROM member WHERE rowid <= ? AND id IN (SELECT value FROM json_each(?))",
            (mark, ids))}
        members = [(mid, name) for mid, name in members if mid in done]
    if members:
        raw.executemany("INSERT INTO member_fts (member_id, terms) VALUES (?, ?)",
                        [(member_id, search_terms(name)) for member_id, name in members])
