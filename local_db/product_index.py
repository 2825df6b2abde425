"""Keeping the product search index (`product_search` + FTS5 `product_fts`, migration 0009)
in step with the `product` table.

SQL triggers on `product` add a product's row, or blank its terms when the name or SKU
changes (terms NULL = stale), so no path that writes products — demo seed, CSV/XLSX import,
the products stream, a tool writing raw SQL — can leave the index silently wrong. Pinyin
needs Python, so the writers call `refresh(conn)` at the end of their own transaction, and a
search first refreshes whatever is still stale. It lives here, beside the tables, because
every writer (services, sync's products stream, the migration) must reach it.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection

from pos_app.domain.search_text import name_terms

_STALE = text(
    "SELECT s.id, p.name_zh, p.name_en, p.sku FROM product_search s"
    " JOIN product p ON p.id = s.product_id WHERE s.terms IS NULL"
)
_SET = text("UPDATE product_search SET terms = :terms WHERE id = :id")
_ANY_STALE = text("SELECT 1 FROM product_search WHERE terms IS NULL LIMIT 1")


def product_terms(name_zh: str, name_en: str, sku: str) -> str:
    """What a product is found by: its Chinese name with pinyin, English words, SKU parts."""
    terms = name_terms(name_zh, pinyin_suffixes=True) + name_terms(name_en) + name_terms(sku)
    return " ".join(dict.fromkeys(terms))


def refresh(conn: Connection) -> int:
    """Compute the terms of every stale row (call inside the transaction that wrote the
    products); returns how many rows it indexed."""
    rows = conn.execute(_STALE).all()
    if rows:
        conn.execute(_SET, [{"id": r.id, "terms": product_terms(r.name_zh, r.name_en or "",
                                                                r.sku)} for r in rows])
    return len(rows)


def is_stale(conn: Connection) -> bool:
    return conn.execute(_ANY_STALE).first() is not None
