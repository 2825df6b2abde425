"""Member name search over the FTS5 table `member_fts` (migration 0005).

Most Chinese names and queries are two characters, which a trigram tokenizer cannot match,
so each member gets one row whose `terms` list the name's character unigrams and bigrams
plus its pinyin, full and initials: 王芳 -> "王 芳 王芳 wangfang wf". The unicode61 tokenizer
then splits on the spaces only. A query is turned into the same kind of tokens:
- Chinese runs: 1 or 2 characters are one token; longer runs are their bigrams, ANDed;
- Latin letters: pinyin, full or initials, matched as a prefix ("wangf", "wf");
- ANDed across the words of the query.

Whoever writes `member` rows (enrolment here, the HQ members stream in sync/) calls
`index_member` in the same transaction, and `unindex_member` before a name change.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pypinyin import lazy_pinyin
from sqlalchemy import text
from sqlalchemy.engine import Connection

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]+")
_LATIN = re.compile(r"[a-z0-9]+")
MIN_LATIN = 1


def _fold(text_: str) -> str:
    return unicodedata.normalize("NFKC", text_ or "").lower()


@lru_cache(maxsize=65_536)
def search_terms(name: str) -> str:
    """The FTS `terms` of a name: unigrams, bigrams, pinyin full and initials (deduplicated)."""
    folded = _fold(name)
    terms: list[str] = []
    for run in _CJK.findall(folded):
        terms.extend(run)
        terms.extend(run[i : i + 2] for i in range(len(run) - 1))
        if len(run) > 2:
            terms.append(run)
        syllables = lazy_pinyin(run, errors="ignore")
        if syllables:
            terms.append("".join(syllables))
            terms.append("".join(s[0] for s in syllables if s))
    terms.extend(_LATIN.findall(folded))  # Latin names (and pinyin typed as the name)
    seen: dict[str, None] = {}
    for term in terms:
        if term:
            seen.setdefault(term, None)
    return " ".join(seen)


def match_expression(query: str) -> str | None:
    """An FTS5 MATCH string for a typed query; None when nothing searchable was typed."""
    folded = _fold(query)
    if re.fullmatch(r"[a-z ]+", folded):  # pinyin typed in syllables: "wang fang"
        folded = folded.replace(" ", "")
    parts: list[str] = []
    for word in folded.split():
        for run in _CJK.findall(word):
            if len(run) <= 2:
                parts.append(f'"{run}"')
            else:
                parts.extend(f'"{run[i : i + 2]}"' for i in range(len(run) - 1))
        for latin in _LATIN.findall(word):
            if len(latin) >= MIN_LATIN:
                parts.append(f'"{latin}"*')
    if not parts:
        return None
    return " AND ".join(dict.fromkeys(parts))


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
