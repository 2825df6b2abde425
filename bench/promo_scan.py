"""Scan → cart line with 200 active campaign rules: `scan_promo_p95_ms` (< 30 ms).

Plugged into `python -m bench promotions` (its report takes these keys). The store is a real
terminal DB (`bench/store.py`: migrations, WAL, synchronous=FULL; products in 40
categories, every tenth tagged); the campaigns are written into the till's
`promotion_campaign` table the way a pull of the `promotions` stream writes them
(`sync.apply_promotions`), 40 campaigns of 5 rules in a busy store's mix.

Timed, per scan, the sale screen's own path: `till.sale.scan(code)` (classify, product by
barcode, the open cart kept on disk) then `till.sale.shown()` (the cart priced with every
campaign through `PricingRules`, savings per campaign, the "add 1 more" hints), on carts
growing to 20 lines. Baseline, same run, same codes, interleaved at random: the same till
with no campaigns. Also reported: `rules_load_ms`, reading and parsing the 200 rules (what
the first scan after a pull pays once).
"""

from __future__ import annotations

import random
import shutil
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from bench.stats import summary
from bench.store import create_store, raw_connect
from local_db.uow import write_session
from pos_app.services.till import Till, TillServices
from sync.apply_promotions import apply_promotions
from sync.contract.envelope import Change

TARGET_P95_MS = 30.0
NOW = datetime(2026, 12, 12, 10, 30)
CATEGORIES = 40
LINES_PER_CART = 20
WARMUP = 20


def _products(rng: random.Random, skus: list[str]) -> dict[str, list[str]]:
    pick = rng.randrange(3)
    if pick == 0:
        return {"skus": rng.sample(skus, 20)}
    if pick == 1:
        return {"categories": [f"cat-{rng.randrange(CATEGORIES)}"]}
    return {"tags": [f"tag-{rng.randrange(10)}"]}


def _rule(n: int, rng: random.Random, skus: list[str]) -> dict[str, Any]:
    kind = ("percent_off", "amount_off", "buy_x_get_y", "bundle_price", "spend_threshold",
            "fixed_price", "percent_off", "amount_off", "buy_x_get_y", "order_amount_off")[n % 10]
    rule: dict[str, Any] = {"id": f"r{n:03d}", "kind": kind, "priority": 1 + n}
    if kind != "order_amount_off":
        rule["products"] = _products(rng, skus)
    extra = {
        "percent_off": {"percent": rng.randint(5, 30)},
        "amount_off": {"amount_fen": rng.randrange(100, 2000), "per_unit": rng.random() < 0.5},
        "buy_x_get_y": {"buy": rng.randint(1, 2), "get": 1, "percent_off": rng.choice([50, 100])},
        "bundle_price": {"size": 3, "price_fen": rng.randrange(5000, 30_000)},
        "spend_threshold": {"tiers": [{"spend_fen": 30_000, "off_fen": 3000},
                                      {"spend_fen": 50_000, "off_fen": 6000}]},
        "fixed_price": {"price_fen": rng.randrange(1000, 20_000)},
        "order_amount_off": {"amount_fen": rng.randrange(100, 1000)},
    }[kind]
    return {**rule, **extra}


def campaign_changes(rules: int, skus: list[str], seed: int = 5) -> list[Change]:
    """`rules` rules in campaigns of 5, all in their window, for every store."""
    rng = random.Random(seed)
    docs: list[dict[str, Any]] = []
    for n in range(rules):
        if n % 5 == 0:
            docs.append({"id": f"bench-{n // 5:03d}", "name": f"活动 {n // 5}",
                         "starts_at": "2026-12-01T00:00:00", "ends_at": "2027-01-01T00:00:00",
                         "status": "active", "rules": []})
        docs[-1]["rules"].append(_rule(n, rng, skus))
    return [Change(key=d["id"], op="upsert", data=d) for d in docs]


def _till(store, with_campaigns: bool) -> Till:
    services = TillServices.build(store.engine, store.terminal, None)
    services.pricing.clock = lambda: NOW
    if not with_campaigns:
        services.pricing.campaigns = None
    till = Till(services)
    till.session.staff = store.cashier
    till.session.shift = store.shift
    return till


def measure_promo_scan(products: int, scans: int, rules: int = 200, seed: int = 42,
                       workdir: str | None = None) -> dict[str, Any]:
    tmp = Path(tempfile.mkdtemp(prefix="bench-promo-scan-", dir=workdir))
    try:
        store = create_store(tmp / "terminal.db", products)
        conn = raw_connect(store.path)
        try:
            conn.execute("UPDATE product SET tags = '[\"tag-' || (rowid % 10) || '\"]' "
                         "WHERE rowid % 10 = 0")
            conn.commit()
            skus = [row[0] for row in conn.execute("SELECT sku FROM product LIMIT 2000")]
        finally:
            conn.close()
        with write_session(store.engine) as session:
            apply_promotions(session, campaign_changes(rules, skus))
        return _measure(store, scans, seed)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _measure(store, scans: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    tills = [_till(store, True), _till(store, False)]
    start = time.perf_counter()
    loaded = len(tills[0]._s.pricing.rules())  # read and parse once, as after a pull
    load_ms = (time.perf_counter() - start) * 1000
    codes = rng.sample(store.barcodes, min(len(store.barcodes), 2000))
    times: list[list[float]] = [[], []]
    rules_applied = 0
    for n in range(WARMUP + scans):
        code = rng.choice(codes)
        order = [0, 1]
        rng.shuffle(order)
        for which in order:
            till = tills[which]
            if len(till.cart.lines) >= LINES_PER_CART:
                till.cart.clear()
            began = time.perf_counter()
            till.sale.scan(code)
            shown = till.sale.shown()
            elapsed = (time.perf_counter() - began) * 1000
            if n >= WARMUP:
                times[which].append(elapsed)
            if which == 0:
                rules_applied = max(rules_applied, len(shown.savings))
    promo, plain = summary(times[0]), summary(times[1])
    return {
        "scan_promo_rules": loaded, "scan_promo_scans": scans,
        "scan_promo_campaigns_applied_max": rules_applied,
        "scan_promo_p50_ms": promo["p50"], "scan_promo_p95_ms": promo["p95"],
        "scan_promo_max_ms": promo["max"],
        "scan_no_promo_p50_ms": plain["p50"], "scan_no_promo_p95_ms": plain["p95"],
        "rules_load_ms": round(load_ms, 3),
        "scan_promo_target_p95_ms": TARGET_P95_MS,
        "scan_promo_met": promo["p95"] < TARGET_P95_MS,
    }


def format_rows(r: dict[str, Any]) -> list[str]:
    """Rows for the promotions table."""
    return [
        f"| scan → cart line (scan + shown), {r['scan_promo_rules']} rules, p50 / p95 / max | "
        f"{r['scan_promo_p50_ms']} / {r['scan_promo_p95_ms']} / {r['scan_promo_max_ms']} ms | "
        f"p95 < {TARGET_P95_MS:.0f} ms | {'yes' if r['scan_promo_met'] else 'NO'} |",
        f"| the same till with no campaigns, p50 / p95 | {r['scan_no_promo_p50_ms']} / "
        f"{r['scan_no_promo_p95_ms']} ms | baseline | |",
        f"| reading and parsing the rules once (after a pull) | {r['rules_load_ms']} ms | "
        "reported | |",
    ]
