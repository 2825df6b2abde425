"""Product search by name (zh/en, pinyin full and initials), SKU or barcode, over the FTS5
table `product_fts` (migration 0009) — fast with 200k products.

`product_search` holds one row per product with its `terms` (pos_app.domain.search_text,
pinyin tails on: 可口可乐 is found by kekou, kkl or kele), and `product_fts` indexes them.
Keeping them in step is local_db.product_index's job (`refresh`, `is_stale`, handed on from
here for the services); a search first refreshes whatever is still stale (normally nothing;
one cheap indexed probe).
"""

from __future__ import annotations

from sqlalchemy import Row, text
from sqlalchemy.engine import Connection

from local_db.product_index import is_stale, refresh
from pos_app.domain.search_text import match_expression

__all__ = ["COLUMNS", "POOL", "find", "is_stale", "refresh"]

POOL = 4  # FTS candidates per hit shown: ordering happens on these, never on every match

COLUMNS = ("p.id, p.sku, p.name_zh, p.name_en, p.price, p.member_price, p.tax_rate_bp,"
           " p.unit_tracked,"
           " p.category, p.tags, p.stock_qty,"
           " (SELECT b.code FROM barcode b WHERE b.product_id = p.id LIMIT 1) AS barcode")
# One statement per search (no query per hit): exact barcode and SKU first, then the
# first `pool` active FTS matches (no ORDER BY inside, so SQLite stops early), sorted here.
_FIND = text(f"""
WITH hit(pid, rank) AS (
    SELECT product_id, 0 FROM barcode WHERE code = :q
    UNION ALL SELECT id, 0 FROM product WHERE sku = :q
    UNION ALL SELECT * FROM (
        SELECT s.product_id, 1 FROM product_fts
        JOIN product_search s ON s.id = product_fts.rowid
        JOIN product p ON p.id = s.product_id
        WHERE product_fts MATCH :match AND p.active LIMIT :pool)
)
SELECT {COLUMNS}, min(hit.rank) AS rank FROM hit JOIN product p ON p.id = hit.pid
WHERE p.active GROUP BY p.id
ORDER BY rank, (p.name_zh LIKE :prefix ESCAPE '\\' OR p.name_en LIKE :prefix ESCAPE '\\') DESC,
         length(p.name_zh),
         p.name_zh
LIMIT :limit
""")
# When the index finds nothing (odd punctuation, a fragment inside a Latin word): the old
# "contains" search, bounded by the limit.
_CONTAINS = text(f"""
SELECT {COLUMNS}, 2 AS rank FROM product p
WHERE p.active AND (p.sku = :q OR p.name_zh LIKE :like ESCAPE '\\'
                    OR p.name_en LIKE :like ESCAPE '\\' OR p.sku LIKE :like ESCAPE '\\')
ORDER BY p.sku = :q DESC, p.name_zh LIMIT :limit
""")


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def find(conn: Connection, query: str, limit: int = 30) -> list[Row]:
    """Active products for a typed query, best first (exact barcode/SKU, then name starts
    with the query, then shorter names); each row carries one barcode of the product."""
    query = query.strip()
    if not query or limit <= 0:
        return []
    match = match_expression(query, words_too=True)
    rows: list[Row] = []
    if match is not None:
        rows = list(conn.execute(_FIND, {
            "q": query, "match": match, "pool": limit * POOL, "limit": limit,
            "prefix": _escape_like(query) + "%",
        }))
    if not rows:
        like = f"%{_escape_like(query)}%"
        rows = list(conn.execute(_CONTAINS, {"q": query, "like": like, "limit": limit}))
    return rows
