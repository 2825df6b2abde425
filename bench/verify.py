"""After a SIGKILL: prove with plain sqlite3 that every sale on disk is whole and none is lost.

Plain sqlite3 on purpose: the checker must not share code (ORM, sessions) with the thing it
checks. Everything is counted in SQL so a check stays cheap as sales accumulate.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

# One row per sale with its children's aggregates; each CASE counts one way to be "half".
PER_SALE = """
WITH l AS (SELECT sale_id, count(*) n, sum(quantity) q, sum(net) net FROM sale_line
           GROUP BY sale_id),
     t AS (SELECT sale_id, count(*) n, sum(amount) a FROM tender GROUP BY sale_id),
     m AS (SELECT sale_id, count(*) n, sum(quantity) q,
                  sum(sale_line_id NOT IN (SELECT id FROM sale_line)) bad_line
           FROM stock_move WHERE reason = 'sale' GROUP BY sale_id),
     e AS (SELECT entity_id, count(*) n, max(payload) payload FROM outbox_event
           WHERE type = 'sale.completed' GROUP BY entity_id)
SELECT count(*),
  sum(coalesce(l.n, 0) != s.line_count OR coalesce(l.net, -1) != s.total),
  sum(coalesce(t.n, 0) = 0 OR coalesce(t.a, -1) != s.paid OR s.paid - s.change != s.total),
  sum(coalesce(m.n, 0) != s.line_count OR coalesce(m.q, 0) != -coalesce(l.q, 0)
      OR coalesce(m.bad_line, 0) > 0),
  sum(coalesce(e.n, 0) = 0),
  sum(coalesce(e.n, 0) > 1),
  sum(e.n = 1 AND (json_extract(e.payload, '$.receipt_no') != s.receipt_no
                   OR json_array_length(e.payload, '$.lines') != s.line_count))
FROM sale s LEFT JOIN l ON l.sale_id = s.id LEFT JOIN t ON t.sale_id = s.id
LEFT JOIN m ON m.sale_id = s.id LEFT JOIN e ON e.entity_id = s.id
"""

ORPHANS = """
SELECT (SELECT count(*) FROM sale_line WHERE sale_id NOT IN (SELECT id FROM sale))
     + (SELECT count(*) FROM tender WHERE sale_id NOT IN (SELECT id FROM sale))
     + (SELECT count(*) FROM stock_move WHERE reason = 'sale'
        AND (sale_id IS NULL OR sale_id NOT IN (SELECT id FROM sale)))
     + (SELECT count(*) FROM outbox_event WHERE type = 'sale.completed'
        AND entity_id NOT IN (SELECT id FROM sale))
"""

STOCK = """
SELECT count(*) FROM product p
LEFT JOIN (SELECT product_id, sum(quantity) q FROM stock_move GROUP BY product_id) m
  ON m.product_id = p.id
WHERE p.stock_qty != ? + coalesce(m.q, 0)
"""

RECEIPTS = """
SELECT count(*), count(DISTINCT receipt_no),
       min(CAST(substr(receipt_no, -6) AS INTEGER)), max(CAST(substr(receipt_no, -6) AS INTEGER))
FROM sale WHERE terminal_id = ?
"""


@dataclass
class Check:
    integrity: str = "ok"
    sales: int = 0
    half: int = 0  # sales missing a part, orphan rows, stock out of step with moves
    duplicated: int = 0  # more than one event per sale, receipt numbers repeated
    gaps: int = 0  # receipt sequence or outbox push order not 1..N
    lost: int = 0  # reported committed by the child, absent from the DB
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.integrity == "ok" and not (self.half or self.duplicated or self.gaps
                                               or self.lost)


def check_store(path: Path, initial_stock: int, reported: set[str]) -> Check:
    """integrity_check first (nothing else means anything on a damaged file), then the rules."""
    result = Check()
    conn = sqlite3.connect(path, timeout=10)
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
        result.integrity = "; ".join(r[0] for r in rows)[:200]
        if result.integrity != "ok":
            result.problems.append(f"integrity_check: {result.integrity}")
            return result
        sales, lines, tenders, moves, no_event, two_events, bad_payload = (
            v or 0 for v in conn.execute(PER_SALE).fetchone()
        )
        result.sales = sales
        orphans = conn.execute(ORPHANS).fetchone()[0]
        stock_off = conn.execute(STOCK, (initial_stock,)).fetchone()[0]
        for name, n in (("lines", lines), ("tenders", tenders), ("stock_moves", moves),
                        ("no_event", no_event), ("bad_payload", bad_payload),
                        ("orphans", orphans), ("stock_qty", stock_off)):
            if n:
                result.half += n
                result.problems.append(f"{name}: {n}")
        if two_events:
            result.duplicated += two_events
            result.problems.append(f"events_per_sale>1: {two_events}")
        _check_sequences(conn, result)
        on_disk = {r[0] for r in conn.execute("SELECT receipt_no FROM sale")}
        missing = reported - on_disk
        if missing:
            result.lost = len(missing)
            result.problems.append(f"lost: {sorted(missing)[:5]}")
    finally:
        conn.close()
    return result


def _check_sequences(conn: sqlite3.Connection, result: Check) -> None:
    """Receipt numbers 1..N with N == the sequence row; outbox push order 1..M."""
    for terminal_id, value in conn.execute(
        "SELECT substr(name, 9), value FROM sequence WHERE name LIKE 'receipt:%'"
    ).fetchall():
        count, distinct, low, high = conn.execute(RECEIPTS, (terminal_id,)).fetchone()
        if count != distinct:
            result.duplicated += count - distinct
            result.problems.append(f"receipt_no repeated: {count - distinct}")
        if count and (low != 1 or high != count or value != count):
            result.gaps += 1
            result.problems.append(f"receipts {low}..{high} ({count}) vs sequence {value}")
        if not count and value:
            result.gaps += 1
            result.problems.append(f"sequence {value} but no sales")
    count, low, high = conn.execute(
        "SELECT count(*), min(seq), max(seq) FROM outbox_event"
    ).fetchone()
    if count and (low != 1 or high != count):
        result.gaps += 1
        result.problems.append(f"outbox seq {low}..{high} for {count} events")
