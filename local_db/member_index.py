"""Keeping the member name index (FTS5 `member_fts`, migration 0005) in step with `member`.

Each member gets one row whose `terms` list the name's character unigrams and bigrams plus
its pinyin, full and initials: 王芳 -> "王 芳 王芳 wangfang wf" (pos_app.domain.search_text).
Whoever writes `member` rows (enrolment in the services, the HQ members stream in sync/)
calls `index_member` in the same transaction, and `unindex_member` before a name change;
it lives here, beside the tables, so both may.
"""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import text
from sqlalchemy.engine import Connection

from pos_app.domain.search_text import match_expression, name_terms


@lru_cache(maxsize=16_384)
def search_terms(name: str) -> str:
    """The FTS `terms` of a name: unigrams, bigrams, pinyin full and initials (deduplicated).

    Cached for the names that repeat (common given names); kept small, since a first
    download passes a million names through it and pinyin is now cheap to recompute."""
    return " ".join(name_terms(name))


def index_member(conn: Connection, member_id: str, name: str) -> None:
    """Add the member's search row (call inside the transaction that writes the member)."""
    conn.execute(
        text("INSERT INTO member_fts (member_id, terms) VALUES (:id, :terms)"),
        {"id": member_id, "terms": search_terms(name)},
    )


def unindex_member(conn: Connection, member_id: str, name: str) -> None:
    """Remove the member's search row; `name` is the one it was indexed under.

    Found through the name's own tokens, so no scan of the whole table.
    """
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
    if members:  # on the DBAPI connection (same transaction): no per-row binding work
        raw = conn.connection.driver_connection
        assert raw is not None
        raw.executemany("INSERT INTO member_fts (member_id, terms) VALUES (?, ?)",
                        [(member_id, search_terms(name)) for member_id, name in members])
