"""Unit-code scan → cart line with a big unit registry: `classify_lookup_p95_ms` (< 10 ms).

Plugged into `python -m bench scan` (bench/scan.py merges `measure_classify_lookup`'s keys
into its report). The store is a real terminal DB: `open_database` (Alembic migrations,
WAL, synchronous=FULL, foreign_keys), store/terminal/staff/shift through the set-up
services and the catalogue from `bench/store.py` (one valid EAN-13 per product). The unit
registry then gets `units` rows, state in_stock, each on a random product, bulk-loaded with
raw `executemany` in one transaction.

Timed: `SaleScanner.ring(cart, "(01)<gtin14>(21)<serial>")` on distinct random units —
the till's own path: classify (biip HRI parse), product by every barcode form of the GTIN,
"already in the cart", then the unit registry's refusal check. A fresh cart every 5 items.

Baseline, same run, same codes, interleaved in random order: `classify` + a plain Python
dict of unit_key → tuple (what the lookup would cost with the registry held in memory).
"""

from __future__ import annotations

import cProfile
import gc
import io
import pstats
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.stats import machine, now_iso, summary
from bench.store import create_store, raw_connect
from local_db.ids import new_id, utcnow
from pos_app.domain.cart import Cart
from pos_app.domain.codes import CodeKind, classify
from pos_app.services.till.scan import SaleScanner

TARGET_P95_MS = 10.0
FULL = {"skus": 200_000, "units": 1_000_000, "scans": 5_000}
SMOKE = {"skus": 2_000, "units": 10_000, "scans": 300}
LINES_PER_SALE = 5
WARMUP = 20

Row = tuple[str, str, str, str, str, str]  # unit_key → (id, product_id, gtin, sku, state, store)


def unit_code(gtin14: str, serial: str) -> str:
    """The GS1 human-readable form a unit label prints (and a person may type)."""
    return f"(01){gtin14}(21){serial}"


def bulk_load_units(path: Path, barcodes: list[str], count: int, store_id: str,
                    seed: int = 11) -> tuple[list[str], dict[str, Row]]:
    """`count` in_stock units on random products in ONE transaction; (codes, key → row)."""
    rng = random.Random(seed)
    conn = raw_connect(path)
    try:
        code_to_pid = dict(conn.execute("SELECT code, product_id FROM barcode"))
        pid_to_sku = dict(conn.execute("SELECT id, sku FROM product"))
        products = [(code.zfill(14), code_to_pid[code]) for code in barcodes]
        stamp = utcnow().replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
        rows, codes, registry = [], [], {}
        for i in range(count):
            gtin, pid = products[rng.randrange(len(products))]
            # Unique by construction; 12 characters of AI 21's CSET 82, as label printers make.
            serial = f"{i:07d}{rng.choice('ABCDEFGHJKLMNPQRSTUVWXYZ')}{rng.randrange(10_000):04d}"
            key = f"{gtin}:{serial}"
            uid = new_id()
            sku = pid_to_sku[pid]
            rows.append((uid, key, pid, gtin, sku, serial, "in_stock", store_id, stamp))
            codes.append(unit_code(gtin, serial))
            registry[key] = (uid, pid, gtin, sku, "in_stock", store_id)
        # A page cache big enough for the whole load (this connection only; KiB): with the
        # default 2 MB, the random unit_key/product_id index inserts spill pages to the WAL
        # over and over (1M units: ~38 s of inserting instead of ~16 s).
        conn.execute(f"PRAGMA cache_size=-{min(1_000_000, max(2_000, count))}")
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(
            "INSERT INTO unit (id, unit_key, product_id, gtin, sku, serial, state, store_id,"
            " updated_at) VALUES (?,?,?,?,?,?,?,?,?)",
            rows,
        )
        # Products that carry unit codes are unit-tracked, as the receiving flow leaves them.
        conn.execute("UPDATE product SET unit_tracked = 1"
                     " WHERE id IN (SELECT DISTINCT product_id FROM unit)")
        conn.execute("COMMIT")
        # No ANALYZE here: the app never runs it, so the unit table has no planner stats, as
        # on a real till. Fold the load into the main file so timed reads do not walk the WAL.
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return codes, registry


def _dict_lookup(registry: dict[str, Row], code: str) -> Row | None:
    c = classify(code, "sale")
    if c.kind != CodeKind.UNIT or c.unit_key is None:
        raise AssertionError(f"not read as a unit code: {code!r}")
    return registry.get(c.unit_key)


def measure(scanner: SaleScanner, registry: dict[str, Row], codes: list[str],
            rng: random.Random) -> tuple[list[float], list[float]]:
    """Service scan vs classify + dict, same codes, random order within each pair."""
    for code in codes[:WARMUP]:
        scanner.ring(Cart(), code)
        _dict_lookup(registry, code)
    ours: list[float] = []
    base: list[float] = []
    cart = Cart()
    for i, code in enumerate(codes[WARMUP:]):
        if i % LINES_PER_SALE == 0:
            cart = Cart()
        order = [0, 1]
        rng.shuffle(order)
        for side in order:
            start = time.perf_counter_ns()
            if side == 0:
                scanner.ring(cart, code)
                ours.append((time.perf_counter_ns() - start) / 1e6)
            else:
                row = _dict_lookup(registry, code)
                base.append((time.perf_counter_ns() - start) / 1e6)
                if row is None:
                    raise AssertionError(f"unit missing from the dict: {code!r}")
    return ours, base


def profile_scans(scanner: SaleScanner, codes: list[str], limit: int = 25) -> str:
    """cProfile of the service scan, top functions by cumulative and own time."""
    profiler = cProfile.Profile()
    cart = Cart()
    profiler.enable()
    for i, code in enumerate(codes):
        if i % LINES_PER_SALE == 0:
            cart = Cart()
        scanner.ring(cart, code)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(limit)
    stats.sort_stats("tottime").print_stats(limit)
    return out.getvalue()


def _sizes(args: Any) -> dict[str, int]:
    base = SMOKE if getattr(args, "smoke", False) else FULL
    # `python -m bench scan` has no such options today; honour them if a parser adds them.
    return {k: int(getattr(args, k, None) or v) for k, v in base.items()}


def measure_classify_lookup(args: Any) -> dict[str, Any]:
    """The hook bench/scan.py calls with its argparse namespace (None: full size, seed 42).

    Keys are prefixed so they never overwrite the decode bench's `targets`/`met`/`date`.
    """
    sizes = _sizes(args)
    seed = getattr(args, "seed", 42)
    workdir = getattr(args, "dir", None)
    rng = random.Random(seed)
    tmp = Path(tempfile.mkdtemp(prefix="bench-scan-lookup-", dir=workdir))
    try:
        start = time.perf_counter()
        store = create_store(tmp / "terminal.db", sizes["skus"])
        products_s = time.perf_counter() - start
        start = time.perf_counter()
        codes, registry = bulk_load_units(store.path, store.barcodes, sizes["units"],
                                          store.terminal.store_id, seed=seed + 1)
        units_s = time.perf_counter() - start
        scanner = SaleScanner.over(store.engine, store.terminal)
        picked = [codes[i] for i in rng.sample(range(len(codes)), sizes["scans"] + WARMUP)]
        # Set-up's millions of objects (the registry dict) are no part of a till's heap: keep
        # them out of the collector's full passes, which would otherwise tax both sides.
        gc.collect()
        gc.freeze()
        try:
            ours, base = measure(scanner, registry, picked, rng)
        finally:
            gc.unfreeze()
        ours_s, base_s = summary(ours), summary(base)
        profile_text = ""
        if ours_s["p95"] >= TARGET_P95_MS or getattr(args, "profile", False):
            profile_text = profile_scans(scanner, [codes[i] for i in rng.sample(
                range(len(codes)), min(1_000, len(codes)))])
        db_mb = round(store.path.stat().st_size / 1e6, 1)
        store.engine.dispose()
        fs = machine(tmp).get("db_filesystem", "unknown")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    del registry
    report: dict[str, Any] = {
        "classify_lookup_date": now_iso(),
        "skus": sizes["skus"],
        "units": sizes["units"],
        "classify_lookup_scans": len(ours),
        "classify_lookup_code_form": "(01){gtin14}(21){serial}",
        "classify_lookup_setup_products_s": round(products_s, 2),
        "classify_lookup_setup_units_s": round(units_s, 2),
        "classify_lookup_db_mb": db_mb,
        "classify_lookup_db_filesystem": fs,
        "classify_lookup_p50_ms": ours_s["p50"],
        "classify_lookup_p95_ms": ours_s["p95"],
        "classify_lookup_max_ms": ours_s["max"],
        "dict_lookup_p50_ms": base_s["p50"],
        "dict_lookup_p95_ms": base_s["p95"],
        "dict_lookup_max_ms": base_s["max"],
        "classify_lookup_ratio_p95": round(ours_s["p95"] / base_s["p95"], 2)
        if base_s["p95"] else None,
        "classify_lookup_ratio_p50": round(ours_s["p50"] / base_s["p50"], 2)
        if base_s["p50"] else None,
        "classify_lookup_target_p95_ms": TARGET_P95_MS,
        "classify_lookup_met": ours_s["p95"] < TARGET_P95_MS,
    }
    if profile_text:
        print(profile_text, file=sys.stderr)
    if not getattr(args, "json", True):  # the decode table does not know these figures
        print(format_table(report))
    return report


def format_table(report: dict[str, Any]) -> str:
    met = "met" if report["classify_lookup_met"] else "NOT met"
    return "\n".join([
        f"scan lookup — {report['classify_lookup_date']}, {report['skus']:,} SKUs, "
        f"{report['units']:,} units, {report['classify_lookup_scans']:,} scans "
        f"({report['classify_lookup_db_filesystem']}, {report['classify_lookup_db_mb']} MB)",
        f"{'measure':<28}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}",
        f"{'CheckoutService.scan (unit)':<28}{report['classify_lookup_p50_ms']:>9.3f}"
        f"{report['classify_lookup_p95_ms']:>9.3f}{report['classify_lookup_max_ms']:>9.3f}",
        f"{'classify + dict':<28}{report['dict_lookup_p50_ms']:>9.3f}"
        f"{report['dict_lookup_p95_ms']:>9.3f}{report['dict_lookup_max_ms']:>9.3f}",
        f"service / dict = {report['classify_lookup_ratio_p95']}x at p95; "
        f"target p95 < {TARGET_P95_MS:.0f} ms: {met}",
        "",
    ])
