"""The till's SQL that feeds pos_app.domain.kpis: one query per kind of fact over this till's
database, each bounded by the period's UTC instants on an indexed time column.

Why raw SQL at the driver: a month of a busy store is ~40 000 lines; summing them per sale
and credited guide in SQLite and handing Python one small tuple per (sale, guide) keeps the
whole report well under the 500 ms budget (bench/kpi.py), where ORM objects would not.
A line's credited guide is its latest `line_attribution` row, else its own guide, else ""
(no guide) — the same rule as HQ's (hq/kpis/queries.py).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, tzinfo

from sqlalchemy.engine import Connection

from pos_app.domain.kpis import Counted, DayIndex, KpiFacts, Period, ReturnShare, SaleShare

CREDITED = ("COALESCE((SELECT la.guide_id FROM line_attribution la WHERE la.sale_line_id = l.id"
            " ORDER BY la.at DESC, la.id DESC LIMIT 1), l.guide_id, '')")

SALES = f"""
SELECT s.id, s.created_at, s.member_id IS NOT NULL, {CREDITED} AS g,
       SUM(l.quantity), SUM(l.net), SUM(COALESCE(p.unit_tracked, 0)),
       SUM(COALESCE(p.unit_tracked, 0) AND COALESCE(l.unit_code, '') <> '')
FROM sale s JOIN sale_line l ON l.sale_id = s.id LEFT JOIN product p ON p.id = l.product_id
WHERE s.created_at >= ? AND s.created_at < ? AND s.status = 'completed'
GROUP BY s.id, g"""

# LEFT JOIN: a return without receipt has no sold line, and another till's line is not in
# this database; both count under "no guide" here, never dropped (HQ credits the other
# till's line to its guide: docs/kpis.md, "one till or the store").
RETURNS = f"""
SELECT r.id, r.created_at, {CREDITED} AS g, SUM(rl.quantity), SUM(rl.amount),
       r.kind = 'no_receipt'
FROM sale_return r JOIN return_line rl ON rl.return_id = r.id
LEFT JOIN sale_line l ON l.id = rl.sale_line_id
WHERE r.created_at >= ? AND r.created_at < ?
GROUP BY r.id, g"""

# One row per entry, no GROUP BY s.id: grouping by the sale's id made SQLite walk every sale
# of the year in id order (100 ms) instead of the period's by their time index (3 ms).
POINTS = """
SELECT s.created_at, COALESCE(s.guide_id, ''), pe.delta
FROM points_entry pe JOIN sale s ON s.id = pe.sale_id
WHERE pe.reason = 'sale_earn' AND pe.return_id IS NULL AND pe.delta > 0
  AND s.created_at >= ? AND s.created_at < ?"""

COUPONS = """
SELECT cr.redeemed_at, cr.kind,
       CASE WHEN cr.kind = 'gift' THEN cr.staff_id ELSE COALESCE(s.guide_id, '') END,
       COALESCE(cr.unit_key, '') <> ''
FROM coupon_redemption cr LEFT JOIN sale s ON s.id = cr.sale_id
WHERE cr.redeemed_at >= ? AND cr.redeemed_at < ?"""

ENROLMENTS = """
SELECT m.created_at, m.enrolled_by FROM member m
WHERE m.home_store_id = ? AND m.enrolled_by IS NOT NULL
  AND m.created_at >= ? AND m.created_at < ?"""

OVERRIDES = """
SELECT at, staff_id, detail FROM audit_log
WHERE action IN ('approval', 'unit_override') AND at >= ? AND at < ?"""

EXCEPTIONS = """
SELECT created_at FROM outbox_event
WHERE status IN ('conflict', 'rejected') AND created_at >= ? AND created_at < ?"""


def stamp(at: datetime) -> str:
    """An aware instant as SQLite holds our UTC columns ('YYYY-MM-DD HH:MM:SS.ffffff')."""
    return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def load_facts(conn: Connection, store_id: str, period: Period, tz: tzinfo) -> KpiFacts:
    """Every fact of `period` on this till, credited and dated in the store's calendar.

    Read through the driver's own cursor (plain tuples) and dated by bisection on the
    period's local midnights (DayIndex): per-row Row objects and time-zone conversions were
    two thirds of a month's report."""
    a, b = (stamp(x) for x in period.bounds(tz))
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]

    def run(sql: str, params: tuple) -> list[tuple]:
        return cursor.execute(sql, params).fetchall()

    day = DayIndex(period, tz).of_text
    facts = KpiFacts()
    facts.sales = [SaleShare(sid, day(at), g or "", bool(m), int(u), int(n), int(t), int(c))
                   for sid, at, m, g, u, n, t, c in run(SALES, (a, b))]
    facts.returns = [ReturnShare(rid, day(at), g or "", int(u), int(amt), bool(nr))
                     for rid, at, g, u, amt, nr in run(RETURNS, (a, b))]
    facts.points = [Counted(day(at), g or "", int(p)) for at, g, p in run(POINTS, (a, b))]
    for at, kind, g, coded in run(COUPONS, (a, b)):
        bucket = facts.gifts if kind == "gift" else facts.coupons
        bucket.append(Counted(day(at), g or "", 1, bool(coded)))
    facts.enrolments = [Counted(day(at), g) for at, g in run(ENROLMENTS, (store_id, a, b))]
    for at, staff_id, detail in run(OVERRIDES, (a, b)):
        facts.overrides.append(Counted(day(at), _asked_by(detail, staff_id)))
    facts.exceptions = [Counted(day(at), "") for (at,) in run(EXCEPTIONS, (a, b))]
    cursor.close()
    return facts


def _asked_by(detail: str, fallback: str | None) -> str:
    """An approval row's `asked_by` (whose override it was), else its staff id."""
    try:
        asked = json.loads(detail or "{}").get("asked_by")
    except (ValueError, AttributeError):
        asked = None
    return str(asked or fallback or "")
