"""Member name search over the FTS5 table `member_fts` (migration 0005).

Each member gets one row whose `terms` list the name's character unigrams and bigrams plus
its pinyin, full and initials: 王芳 -> "王 芳 王芳 wangfang wf"; queries become the same kind
of tokens. The tokenisation is shared with product search (pos_app.domain.search_text).

Whoever writes `member` rows (enrolment here, the HQ members stream in sync/) calls
`index_member` in the same transaction, and `unindex_member` before a name change.
"""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import text
from sqlalchemy.engine import Connection

from pos_app.domain.search_text import match_expression, name_terms

__all__ = ["index_member", "match_expression", "search_ids", "search_terms", "unindex_member"]


@lru_cache(maxsize=65_536)
def search_terms(name: str) -> str:
    """The FTS `terms` of a name: unigrams, bigrams, pinyin full and initials (deduplicated)."""
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


def search_ids(conn: Connection, query: str, limit: int = 20) -> list[str]:
    """Ids of active (not merged) members whose name matches `query`, at most `limit`."""
    expr = match_expression(query)
    if expr is None or limit <= 0:
        return []
    rows = conn.execute(
        text(
            "SELECT m.id FROM member_fts f JOIN member m ON m.id = f.member_id"
            " WHERE member_fts MATCH :q AND m.merged_into IS NULL LIMIT :limit"
        ),
        {"q": expr, "limit": limit},
    ).all()
    return [r[0] for r in rows]
