"""Keeping the product search index (`product_search` + FTS5 `product_fts`, migration 0009)
in step with the `product` table.

SQL triggers on `product` add a product's row, or blank its terms when the name or SKU
changes (terms NULL = stale), so no path that writes products — demo seed, CSV/XLSX import,
the products stream, a tool writing raw SQL — can leave the index silently wrong. Pinyin
needs Python, so the writers call `refresh(conn)` at the end of their own transaction, and a
search first refreshes whatever is still stale. It lives here, beside the tables, because
every writer (services, sync's products stream, the migration) must reach it.

A first download (200k products) would pay the triggers, the stale marks and the FTS
segment merges on every page: instead `begin_bulk` drops the two `product` triggers (in the
page's transaction, so atomically), the pages write products only, and `finish_bulk`
rebuilds the whole index at once and puts the triggers back, in one transaction. The
missing trigger IS the "rebuild pending" mark: a till killed mid-download restarts with it
missing, and its next search (or the resumed download's end) rebuilds — search never stays
broken. Meanwhile this process's searches fall back to the `LIKE` scan (product_search).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

from sqlalchemy import text
from sqlalchemy.engine import Connection

from kernel.gc_pause import gc_paused
from kernel.sqlite import driver_of
from pos_app.domain.search_text import LATIN, name_terms

_STALE = text(
    "SELECT s.id, p.name_zh, p.name_en, p.sku FROM product_search s"
    " JOIN product p ON p.id = s.product_id WHERE s.terms IS NULL"
)
_SET = text("UPDATE product_search SET terms = :terms WHERE id = :id")
_MARK = "product_search_mark_new"
_HAS_MARK = text(f"SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = '{_MARK}'")
# one probe for a search: (any stale row, triggers in place)
_PROBE = text("SELECT EXISTS (SELECT 1 FROM product_search WHERE terms IS NULL),"
              f" EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = '{_MARK}')")
# The `product` triggers of migration 0009, dropped during a bulk download and put back after.
_PRODUCT_TRIGGERS = {
    _MARK: "CREATE TRIGGER product_search_mark_new AFTER INSERT ON product BEGIN"
    " DELETE FROM product_search WHERE product_id = new.id;"
    " INSERT INTO product_search (product_id, terms) VALUES (new.id, NULL); END",
    "product_search_mark_changed": "CREATE TRIGGER product_search_mark_changed AFTER UPDATE OF"
    " name_zh, name_en, sku ON product WHEN old.name_zh IS NOT new.name_zh"
    " OR old.name_en IS NOT new.name_en OR old.sku IS NOT new.sku BEGIN"
    " UPDATE product_search SET terms = NULL WHERE product_id = new.id; END",
}
# The FTS-following triggers of product_search, off while the rebuild refills it.
_FTS_TRIGGERS = {
    "product_search_ai": "CREATE TRIGGER product_search_ai AFTER INSERT ON product_search BEGIN"
    " INSERT INTO product_fts (rowid, terms) VALUES (new.id, new.terms); END",
    "product_search_ad": "CREATE TRIGGER product_search_ad AFTER DELETE ON product_search BEGIN"
    " INSERT INTO product_fts (product_fts, rowid, terms) VALUES ('delete', old.id, old.terms);"
    " END",
}
_BULK_LOCK = threading.Lock()
_BULK: set[str] = set()  # databases this process is bulk-downloading into (by engine URL)


def product_terms(name_zh: str, name_en: str, sku: str) -> str:
    """What a product is found by: its Chinese name with pinyin, English words, SKU parts."""
    # English name and SKU are nearly always ASCII: name_terms' own fast path, inlined (one
    # dedupe instead of three; a first download computes 200k of these)
    en = LATIN.findall(name_en.lower()) if name_en.isascii() else name_terms(name_en)
    code = LATIN.findall(sku.lower()) if sku.isascii() else name_terms(sku)
    return " ".join(dict.fromkeys(name_terms(name_zh, pinyin_suffixes=True) + en + code))


def _key(conn: Connection) -> str:
    return str(conn.engine.url)


def in_bulk(conn: Connection) -> bool:
    """Whether this process is bulk-downloading products into this database right now."""
    with _BULK_LOCK:
        return _key(conn) in _BULK


def rebuild_pending(conn: Connection) -> bool:
    """The index misses its triggers: a bulk download began and its rebuild has not run."""
    return conn.execute(_HAS_MARK).first() is None


def refresh(conn: Connection) -> int:
    """Compute the terms of every stale row (call inside the transaction that wrote the
    products); returns how many rows it indexed. A bulk download's pending rebuild left by
    a killed or interrupted process is done here (not while this process is in one)."""
    if rebuild_pending(conn):
        return 0 if in_bulk(conn) else rebuild(conn)
    rows = conn.execute(_STALE).all()
    if rows:
        conn.execute(_SET, [{"id": r.id, "terms": product_terms(r.name_zh, r.name_en or "",
                                                                r.sku)} for r in rows])
    return len(rows)


def is_stale(conn: Connection) -> bool:
    """Something to index: stale rows, or a rebuild no download of this process will do."""
    stale, marked = conn.execute(_PROBE).one()
    return bool(stale) if marked else not in_bulk(conn)


def begin_bulk(conn: Connection) -> None:
    """Stop indexing per write (inside a write transaction): the products written until
    `finish_bulk` are indexed all at once. Idempotent (a resumed download calls it again)."""
    with _BULK_LOCK:
        _BULK.add(_key(conn))
    for name in _PRODUCT_TRIGGERS:
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")


def end_bulk(conn: Connection) -> None:
    """This process stops bulk-downloading (finished or not); a pending rebuild stays marked."""
    with _BULK_LOCK:
        _BULK.discard(_key(conn))


Names = dict[tuple[str, str, str], str]  # (name_zh, name_en, sku) -> terms


def precompute(conn: Connection) -> Names:
    """Every product's terms, computed in a READ transaction: the rebuild's write
    transaction then recomputes only names changed since, so a sale waits less for it."""
    raw = driver_of(conn)
    with gc_paused():  # 200k keys kept: the collector walked them again and again
        return {(zh, en or "", sku): product_terms(zh, en or "", sku)
                for zh, en, sku in raw.execute("SELECT name_zh, name_en, sku FROM product")}


def finish_bulk(conn: Connection, known: Names | None = None) -> int:
    """Rebuild the index and restore the triggers (inside one write transaction)."""
    end_bulk(conn)
    return rebuild(conn, known) if rebuild_pending(conn) else 0


def rebuild(conn: Connection, known: Names | None = None) -> int:
    """Every product's terms (from `known` when its names are there), the FTS index built
    in one pass, triggers restored; one transaction, so a crash leaves the pending mark and
    nothing half done."""
    known = known or {}
    for name in _FTS_TRIGGERS:
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    raw = driver_of(conn)  # same transaction, no per-row binding work
    raw.execute("DELETE FROM product_search")
    count = 0

    def rows() -> Iterator[tuple[str, str]]:  # streamed: 200k rows are never all in memory
        nonlocal count
        for pid, zh, en, sku in raw.execute("SELECT id, name_zh, name_en, sku FROM product"):
            count += 1
            names = (zh, en or "", sku)
            yield pid, known.pop(names, None) or product_terms(*names)

    with gc_paused():
        raw.executemany("INSERT INTO product_search (product_id, terms) VALUES (?, ?)", rows())
    raw.execute("INSERT INTO product_fts (product_fts) VALUES ('rebuild')")
    for name, sql in (*_FTS_TRIGGERS.items(), *_PRODUCT_TRIGGERS.items()):
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
        conn.exec_driver_sql(sql)
    return count
