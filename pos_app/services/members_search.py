"""Member name search over the FTS5 table `member_fts` (migration 0005).

Queries become the same kind of tokens as the index's terms (pos_app.domain.search_text,
shared with product search). Keeping the index in step is local_db.member_index's job; its
writers are handed on from here for the services' enrolment.

While a first download's index is still being built, the members above its watermark are
found by a bounded LIKE scan (local_db.member_bulk_index.fallback_ids): Chinese characters
and Latin names as typed, never pinyin (a Chinese name's pinyin is only in the index), and
never more than ~0.1 s a keystroke; `name_index_partial` lets the screen say so.
"""

from __future__ import annotations

import re

from sqlalchemy import text
from sqlalchemy.engine import Connection

from local_db.member_bulk_index import SCAN_ROWS, fallback_ids, watermark
from local_db.member_index import index_member, search_terms, unindex_member
from pos_app.domain.search_text import CJK, fold, match_expression

__all__ = ["index_member", "like_can_match", "match_expression", "name_index_partial",
           "search_ids", "search_terms", "unindex_member"]
LATIN_SCAN_ROWS = 5_000  # a Latin name typed as such (rare): a small, cheap LIKE window
_INITIAL = r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])"
_FINAL = (r"(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|ai|ei|ao|ou|an|en|er|ia|ie"
          r"|in|iu|ua|uo|ue|ui|un|ve|vn|a|o|e|i|u|v)")
_PINYIN = re.compile(rf"(?:{_INITIAL}?{_FINAL})*{_INITIAL}?")  # "wangf", "chenj", "xiaoming"


def like_can_match(query: str) -> bool:
    """Could a LIKE of (mostly Chinese) names match this query? Not for pinyin or initials
    typed in Latin letters ("wangfang", "chenj", "wf"): those only match the index's terms,
    so scanning the unindexed names for them is wasted work (it read them all, ~1.5 s)."""
    folded = fold(query).strip()
    if not folded or CJK.search(folded):
        return bool(folded)
    letters = folded.replace(" ", "")
    if not letters.isascii() or not letters.isalpha():
        return True  # digits or signs: as typed
    return not (len(letters) <= 4 or _PINYIN.fullmatch(letters))


def name_index_partial(conn: Connection) -> bool:
    """The name index of a first download is still being built: a name search may miss
    some members (the screen says so)."""
    return watermark(conn) is not None


def search_ids(conn: Connection, query: str, limit: int = 20) -> list[str]:
    """Ids of active (not merged) members whose name matches `query`, at most `limit`.

    While the index of a first download is still being built (local_db.member_bulk_index),
    the members above its watermark are found by a bounded LIKE scan of their names
    instead, when the query could match a name as typed (`like_can_match`)."""
    expr = match_expression(query)
    if expr is None or limit <= 0:
        return []
    mark = watermark(conn)
    ids = _fts_ids(conn, expr, limit)
    if mark is not None and len(ids) < limit and like_can_match(query):
        scan = SCAN_ROWS if CJK.search(fold(query)) else LATIN_SCAN_ROWS
        ids += [i for i in fallback_ids(conn, query, mark, limit - len(ids), scan=scan)
                if i not in ids]
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
