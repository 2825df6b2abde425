"""Member name search over the FTS5 table `member_fts` (migration 0005).

Queries become the same kind of tokens as the index's terms (pos_app.domain.search_text,
shared with product search). Keeping the index in step is local_db.member_index's job; its
writers are handed on from here for the services' enrolment.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection

from local_db.member_bulk_index import fallback_ids, watermark
from local_db.member_index import index_member, search_terms, unindex_member
from pos_app.domain.search_text import match_expression

__all__ = ["index_member", "match_expression", "search_ids", "search_terms", "unindex_member"]


def search_ids(conn: Connection, query: str, limit: int = 20) -> list[str]:
    """Ids of active (not merged) members whose name matches `query`, at most `limit`.

    While the index of a first download is still being built (local_db.member_bulk_index),
    the members above its watermark are found by a LIKE scan of their names instead."""
    expr = match_expression(query)
    if expr is None or limit <= 0:
        return []
    mark = watermark(conn)
    ids = _fts_ids(conn, expr, limit)
    if mark is not None and len(ids) < limit:
        ids += [i for i in fallback_ids(conn, query, mark, limit - len(ids)) if i not in ids]
    return ids


def _fts_ids(conn: Connection, expr: str, limit: int) -> list[str]:
    rows = conn.execute(
        text(
            "SELECT m.id FROM member_fts f JOIN member m ON m.id = f.member_id"
            " WHERE member_fts MATCH :q AND m.merged_into IS NULL LIMIT :limit"
        ),
        {"q": expr, "limit": limit},
    ).all()
    return [r[0] for r in rows]
