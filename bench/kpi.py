"""`python -m bench kpi`: guide KPIs of one month, all metrics, all guides (issue 19 item 6).

Till: one store with a year of sales (500k lines, 30 guides) in the till's own SQLite file;
`kpi_month_ms` is KpiService.store for one month (every query, the domain's compute), beside
`raw_month_ms`, one hand-written GROUP BY of the same sums (net, sales, units per guide).
HQ: `stores` stores hold the same month each; `kpi_hq_month_ms` is every store's month at
once (hq.kpis.across.stores_kpis, from the rollup, issue 19-C) beside `raw_hq_month_ms`, one
GROUP BY store, guide over the raw sales; `kpi_hq_store_month_ms` is one store's month by the
raw computation (hq.kpis.store_kpis) beside its raw SQL; `kpi_hq_rebuild_ms` rolls the whole
history up (the rows went in by executemany, not by push), `kpi_hq_month_after_push_ms`
every store's month just after every store pushed on one day (its day marked).
Rows are written with sqlite3 executemany (the data set, not the thing measured).
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from local_db.database import open_database
from pos_app.domain.kpis import Period
from pos_app.services.kpis import KpiService
from pos_app.services.terminal_setup import TerminalSetupService

RAW = """SELECT COALESCE(l.guide_id, ''), SUM(l.net), COUNT(DISTINCT s.id), SUM(l.quantity)
FROM sale s JOIN sale_line l ON l.sale_id = s.id
WHERE s.created_at >= ? AND s.created_at < ? {store} GROUP BY 1"""
RAW_ALL = """SELECT s.store_id, COALESCE(l.guide_id, ''), SUM(l.net), COUNT(DISTINCT s.id),
SUM(l.quantity) FROM sale s JOIN sale_line l ON l.sale_id = s.id
WHERE s.created_at >= ? AND s.created_at < ? GROUP BY 1, 2"""


def _fill(conn: Any, lines: int, guides: list[str], start: datetime, days: int,
          rng: random.Random, extra: dict[str, str], prefix: str = "") -> None:
    sales, rows = [], []
    n, i = 0, 0
    step = days * 86400 / max(1, lines // 3)
    while n < lines:
        sid = f"{prefix}s{i}"
        at = (start + timedelta(seconds=i * step)).strftime("%Y-%m-%d %H:%M:%S.%f")
        k = rng.randint(1, 5)
        g = rng.choice(guides)
        for j in range(k):
            rows.append((f"{sid}-{j}", sid, j + 1, "p", "SKU", "x", 1, 1000, 1000, 1300, 115,
                         None if g == "-" else g))
        sales.append({"id": sid, "at": at, "g": None if g == "-" else g, "n": k})
        n += k
        i += 1
    cols = ", ".join(extra)
    vals = ", ".join(f"'{v}'" for v in extra.values())
    conn.executemany(
        f"INSERT INTO sale (id, receipt_no, created_at, guide_id, status, subtotal,"
        f" discount_total, total, tax_total, paid, change, line_count, order_discount_reason,"
        f" {cols}) VALUES (:id, :id, :at, :g, 'completed', 0, 0, 0, 0, 0, 0, :n, '', {vals})",
        sales)
    conn.executemany(
        "INSERT INTO sale_line (id, sale_id, line_no, product_id, sku, name, quantity,"
        " unit_price, net, tax_rate_bp, tax, guide_id, barcode, line_discount, order_discount,"
        " discount_reason) VALUES (?,?,?,?,?,?,?,?,?,?,?,?, '', 0, 0, '')", rows)


def _time(fn: Any, runs: int) -> float:
    fn()  # warm the page cache once
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return round(statistics.median(out), 1)


def run(lines: int, hq_stores: int, runs: int = 5, workdir: str | None = None,
        seed: int = 7) -> dict[str, Any]:
    rng = random.Random(seed)
    base = Path(workdir or tempfile.mkdtemp(prefix="kpi-bench-"))
    year_start = datetime(2025, 1, 1, tzinfo=UTC)
    month = Period.month(2025, 6)
    a, b = (x.strftime("%Y-%m-%d %H:%M:%S.%f") for x in month.bounds())

    engine = open_database(base / "till.db")
    setup = TerminalSetupService(engine)
    terminal = setup.ensure_terminal("S01", "店", "T01", "")
    manager = setup.add_staff("9001", "店长", "manager", "9999")
    guides = [setup.add_staff(f"2{i:03d}", f"导购{i}", "guide", "2222").id for i in range(30)]
    staff = manager.id
    raw = engine.raw_connection()
    cur = raw.cursor()
    cur.execute("BEGIN IMMEDIATE")
    shift = "bench-shift"
    cur.execute("INSERT INTO shift (id, terminal_id, opened_by, opened_at, opening_float)"
                " VALUES (?, ?, ?, ?, 0)", (shift, terminal.terminal_id, staff, a))
    cur.execute("INSERT INTO product (id, sku, name_zh, name_en, price, category, tax_rate_bp,"
                " unit_tracked, active, stock_qty, updated_at, tags) VALUES"
                " ('p', 'SKU', 'x', '', 1000, '', 1300, 0, 1, 0, ?, '[]')", (a,))
    _fill(cur, lines, [*guides, "-"], year_start, 365, rng,
          {"terminal_id": terminal.terminal_id, "shift_id": shift, "cashier_id": staff})
    raw.commit()
    cur.execute("ANALYZE")
    raw.close()
    service = KpiService(engine, terminal)
    report = service.store(month, manager)
    till_raw = engine.raw_connection()
    raw_rows = till_raw.cursor().execute(RAW.format(store=""), (a, b)).fetchall()
    result: dict[str, Any] = {
        "lines": lines, "guides": 30, "month_lines": report.total.units,
        "kpi_month_ms": _time(lambda: service.store(month, manager), runs),
        "raw_month_ms": _time(lambda: till_raw.cursor().execute(
            RAW.format(store=""), (a, b)).fetchall(), runs),
        "sums_agree": _agree(report, raw_rows),
    }
    till_raw.close()
    engine.dispose()
    result.update(_hq(base, hq_stores, lines // 12, month, rng, runs))
    result["met"] = met(result)
    return result


def _hq(base: Path, stores: int, lines: int, month: Period, rng: random.Random,
        runs: int) -> dict[str, Any]:
    from hq.db import open_database as open_hq
    from hq.kpis.across import stores_kpis
    from hq.kpis.report import store_kpis
    from hq.kpis.rollup import rebuild

    engine = open_hq(f"sqlite:///{base / 'hq.db'}")
    a, b = (x.strftime("%Y-%m-%d %H:%M:%S.%f") for x in month.bounds())
    raw = engine.raw_connection()
    cur = raw.cursor()
    cur.execute("BEGIN IMMEDIATE")
    cur.execute("INSERT INTO product (id, sku, name_zh, name_en, price, category, tax_rate_bp,"
                " unit_tracked, active, updated_at, tags) VALUES"
                " ('p', 'SKU', 'x', '', 1000, '', 1300, 0, 1, ?, '[]')", (a,))
    for s in range(stores):
        store, term = f"st{s}", f"t{s}"
        cur.execute("INSERT INTO store (id, code, name, address, created_at, pin_pepper)"
                    " VALUES (?, ?, ?, '', ?, '')", (store, f"S{s:03d}", store, a))
        cur.execute("INSERT INTO terminal (id, store_id, code, name) VALUES (?, ?, 'T01', '')",
                    (term, store))
        cur.execute("INSERT INTO device (id, terminal_id, name, token_hash, created_at,"
                    " revoked) VALUES (?, ?, '', ?, ?, 0)", (f"d{s}", term, f"h{s}", a))
        guides = [f"g{s}-{i}" for i in range(30)] + ["-"]
        _fill(cur, lines, guides, month.bounds()[0], 30, rng,
              {"store_id": store, "terminal_id": term, "device_id": f"d{s}", "shift_id": "x",
               "cashier_id": "c", "event_id": "e", "received_at": a, "points_earned": "0",
               "points_redeemed": "0"}, prefix=f"{s}-")
    raw.commit()
    cur.execute("ANALYZE")
    raw.close()
    target = f"st{stores // 2}"
    hq_raw = engine.raw_connection()
    raw_rows = hq_raw.cursor().execute(RAW.format(store="AND s.store_id = ?"),
                                       (a, b, target)).fetchall()
    t = time.perf_counter()
    rebuild(engine)  # the rows went in by executemany, not by push: roll the history up
    rebuilt_ms = round((time.perf_counter() - t) * 1000, 1)
    every = stores_kpis(engine, month)
    all_rows = hq_raw.cursor().execute(RAW_ALL, (a, b)).fetchall()
    out = {
        "hq_sums_agree": _agree(store_kpis(engine, target, month), raw_rows)
        and _agree_all(every, all_rows) and len(every) == stores,
        "hq_stores": stores, "hq_lines_per_store_month": lines,
        # every one of the stores' month at once, from the rollup (issue 19-C)
        "kpi_hq_month_ms": _time(lambda: stores_kpis(engine, month), runs),
        "raw_hq_month_ms": _time(lambda: hq_raw.cursor().execute(RAW_ALL, (a, b)).fetchall(),
                                 runs),
        # one store's month, the raw computation over its events (19-A)
        "kpi_hq_store_month_ms": _time(lambda: store_kpis(engine, target, month), runs),
        "raw_hq_store_month_ms": _time(lambda: hq_raw.cursor().execute(
            RAW.format(store="AND s.store_id = ?"), (a, b, target)).fetchall(), runs),
        "kpi_hq_rebuild_ms": rebuilt_ms,
        "kpi_hq_month_after_push_ms": _after_push(engine, month, stores),
    }
    hq_raw.close()
    engine.dispose()
    return out


def _after_push(engine: Any, month: Period, stores: int) -> float:
    """Every store's month when every store has pushed today (a busy day: each store's
    today is marked): the read rolls those store-days up again first. One run: a mark is
    spent."""
    from hq.db import writer
    from hq.kpis.across import stores_kpis
    from hq.kpis.rollup import mark

    with writer(engine).begin() as conn:
        mark(conn, [(f"st{s}", month.start + timedelta(days=9)) for s in range(stores)])
    t = time.perf_counter()
    stores_kpis(engine, month)
    return round((time.perf_counter() - t) * 1000, 1)


def _agree_all(every: list[Any], raw_rows: list[tuple]) -> bool:
    """Every store's net, sales and units per guide equal the raw GROUP BY's."""
    raw: dict[str, list[tuple]] = {}
    for store, *row in raw_rows:
        raw.setdefault(store, []).append(tuple(row))
    return all(_agree(k, raw.get(k.store_id, [])) for k in every)


def _agree(kpis: Any, raw_rows: list[tuple]) -> bool:
    """The report's net, sales and units per guide equal the raw GROUP BY's (no returns or
    re-attributions in this data set, so the two definitions meet)."""
    raw = {g: (int(n), int(c), int(u)) for g, n, c, u in raw_rows}
    got = {g.guide_id: (g.net_sales, g.sales, g.units) for g in kpis.guides if g.sales}
    return raw == got


TARGETS = {"kpi_month_ms": 500, "kpi_hq_month_ms": 2000}  # issue 19 item 6


def met(report: dict[str, Any]) -> list[str]:
    return [k for k, limit in TARGETS.items() if report[k] < limit]


def format_table(r: dict[str, Any]) -> str:
    return "\n".join(f"{k:<26} {v}" for k, v in r.items())
