"""`python -m bench promotions`: pricing a 50-line cart against 200 active campaign rules.

`promo_eval_p95_ms` (< 20 ms): one `price_promotions(cart, CART_RULES + rules, context)`,
the call the till makes on every scan once campaigns are live: every rule kind in a busy
store's mix (MIX: mostly product-set campaigns, 14 order-wide ones), 10 exclusivity groups
of 4, 2 non-stackable 满减 (each priced as the customer's alternative), all in their window
and store. Baseline, same run, same cart, interleaved at random:
`price_cart(cart, CART_RULES, context)` — the cart priced with no campaign rules, as today.
Also reported: `hints_p95_ms` ("add 1 more to get …", recomputed with the cart).

Pure domain code: no database, no disk. Wall time is the figure; the CPU time of the same
calls and the load average are reported beside it, since on a shared machine the wall time
mostly measures the neighbours.
"""

from __future__ import annotations

import os
import random
import time
from datetime import datetime
from typing import Any

from bench.stats import machine, now_iso, summary
from pos_app.domain.pricing import CART_RULES, Rule, price_cart
from pos_app.domain.promotions import (
    AmountOff,
    BundlePrice,
    BuyXGetY,
    FixedPrice,
    PercentOff,
    PointsMultiplier,
    PreviewCart,
    PreviewLine,
    PreviewProduct,
    RuleMeta,
    SpendThreshold,
    Threshold,
    context_at,
    hints,
    of,
    order_amount_off,
    order_percent_off,
    price_promotions,
)

TARGETS_MS = {"promo_eval_p95_ms": 20.0}
NOW = datetime(2026, 12, 12, 10, 30)
SKUS = [f"SKU-{n:03d}" for n in range(200)]
GROUPS, GROUP_SIZE = 10, 4


def make_cart(lines: int, rng: random.Random) -> PreviewCart:
    found = []
    for n in range(lines):
        price = rng.randrange(500, 60_000)
        product = PreviewProduct(
            rng.choice(SKUS), price, rng.choice([None, price * 9 // 10]), 1300,
            category=f"c{rng.randrange(10)}", tags=(f"t{rng.randrange(20)}",))
        found.append(PreviewLine(f"L{n:03d}", product, rng.randint(1, 3)))
    return PreviewCart(tuple(found), 0, "", "m-1", "gold")


def _products(rng: random.Random):
    pick = rng.randrange(3)
    if pick == 0:
        return of(skus=rng.sample(SKUS, 5))
    if pick == 1:
        return of(categories=[f"c{rng.randrange(10)}"])
    return of(tags=[f"t{rng.randrange(20)}"])


#: The rule mix of a busy store: mostly product-set campaigns, a few order-level ones (each
#: of which touches every line) and member-day points. (kind, how many of 200)
MIX = (("percent_off", 40), ("amount_off", 30), ("fixed_price", 30), ("buy_x_get_y", 30),
       ("bundle_price", 30), ("spend_threshold_set", 20), ("spend_threshold", 6),
       ("order_percent_off", 4), ("order_amount_off", 4), ("points_multiplier", 6))


def _rule(kind: str, m: RuleMeta, rng: random.Random) -> Rule:
    tiers = (Threshold(30_000, 3000), Threshold(50_000, 6000))
    builders = {
        "percent_off": lambda: PercentOff(m, _products(rng), rng.randint(5, 30)),
        "amount_off": lambda: AmountOff(m, _products(rng), rng.randrange(100, 3000),
                                        rng.random() < 0.5),
        "fixed_price": lambda: FixedPrice(m, _products(rng), rng.randrange(1000, 20_000),
                                          (("gold", rng.randrange(800, 15_000)),)),
        "buy_x_get_y": lambda: BuyXGetY(m, _products(rng), rng.randint(1, 2), 1,
                                        rng.choice([50, 100])),
        "bundle_price": lambda: BundlePrice(m, _products(rng), 3, rng.randrange(5000, 30_000)),
        "spend_threshold_set": lambda: SpendThreshold(m, tiers, _products(rng)),
        "spend_threshold": lambda: SpendThreshold(m, tiers),
        "order_percent_off": lambda: order_percent_off(m, rng.randint(1, 5)),
        "order_amount_off": lambda: order_amount_off(m, rng.randrange(100, 1000)),
        "points_multiplier": lambda: PointsMultiplier(m, rng.choice([1500, 2000])),
    }
    return builders[kind]()


def make_rules(count: int, rng: random.Random) -> list[Rule]:
    """`count` active rules in the MIX's proportions: GROUPS groups of GROUP_SIZE at
    priorities 700+, two order-wide 满减 not stackable, every other rule loose at a priority
    of its own."""
    kinds = [kind for kind, n in MIX for _ in range(n)]
    kinds = [kinds[i * len(kinds) // count] for i in range(count)]
    rng.shuffle(kinds)
    loners = [i for i, k in enumerate(kinds) if k == "spend_threshold"][:2]
    rules: list[Rule] = []
    grouped = min(GROUPS * GROUP_SIZE, count)
    for n, kind in enumerate(kinds):
        grouping: dict[str, Any] = {"priority": 1 + n % 690, "stackable": n not in loners}
        if n >= count - grouped and n not in loners:
            g = (n - (count - grouped)) // GROUP_SIZE
            grouping = {"group": f"g{g}", "priority": 700 + g}
        m = RuleMeta(f"camp-{n // 5:03d}", f"Campaign {n // 5}", f"r{n:03d}",
                     starts_at=datetime(2026, 12, 1), ends_at=datetime(2027, 1, 1),
                     stores=("S001",), **grouping)
        rules.append(_rule(kind, m, rng))
    return rules


def run(samples: int, rules: int = 200, lines: int = 50, seed: int = 42) -> dict[str, Any]:
    rng = random.Random(seed)
    cart = make_cart(lines, rng)
    campaign = make_rules(rules, rng)
    context = context_at(NOW, "S001")
    all_rules = [*CART_RULES, *campaign]
    priced = price_promotions(cart, all_rules, context)
    ours: list[float] = []
    base: list[float] = []
    tips: list[float] = []
    cpu: list[float] = []
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    for _ in range(10):  # warm-up, untimed
        price_promotions(cart, all_rules, context)
        price_cart(cart, CART_RULES, context)
    for _ in range(samples):
        order = [0, 1, 2]
        rng.shuffle(order)
        for which in order:
            start, start_cpu = time.perf_counter(), time.process_time()
            if which == 0:
                price_promotions(cart, all_rules, context)
            elif which == 1:
                price_cart(cart, CART_RULES, context)
            else:
                hints(cart, all_rules, context)
            elapsed = (time.perf_counter() - start) * 1000
            (ours, base, tips)[which].append(elapsed)
            if which == 0:
                cpu.append((time.process_time() - start_cpu) * 1000)
    promo, plain, hint, promo_cpu = summary(ours), summary(base), summary(tips), summary(cpu)
    applied = {a.rule.rule_id for p in priced.lines for a in p.adjustments}
    report: dict[str, Any] = {
        "date": now_iso(), "machine": machine(), "samples": samples, "rules": rules,
        "lines": lines, "items": priced.item_count,
        "rules_applied": len(applied - {"member-price"}),
        "subtotal": priced.subtotal, "total": priced.total,
        "promo_eval_p50_ms": promo["p50"], "promo_eval_p95_ms": promo["p95"],
        "promo_eval_max_ms": promo["max"],
        "promo_eval_cpu_p50_ms": promo_cpu["p50"], "promo_eval_cpu_p95_ms": promo_cpu["p95"],
        "load_average_1m": round(load, 2),
        "baseline_p50_ms": plain["p50"], "baseline_p95_ms": plain["p95"],
        "hints_p50_ms": hint["p50"], "hints_p95_ms": hint["p95"],
        "targets": TARGETS_MS,
    }
    report["met"] = {k: report[k] < v for k, v in TARGETS_MS.items()}
    return report


def format_table(r: dict[str, Any]) -> str:
    return "\n".join([
        f"### promotions — {r['date']}, {r['lines']}-line cart ({r['items']} items), "
        f"{r['rules']} active rules ({r['rules_applied']} applied), {r['samples']} samples",
        "",
        "| What | Figure | Target | Met |",
        "|---|---|---|---|",
        f"| price_promotions p50 / p95 / max | {r['promo_eval_p50_ms']} / "
        f"{r['promo_eval_p95_ms']} / {r['promo_eval_max_ms']} ms | p95 < "
        f"{TARGETS_MS['promo_eval_p95_ms']:.0f} ms | "
        f"{'yes' if r['met']['promo_eval_p95_ms'] else 'NO'} |",
        f"| price_promotions CPU time p50 / p95 (load {r['load_average_1m']}) | "
        f"{r['promo_eval_cpu_p50_ms']} / {r['promo_eval_cpu_p95_ms']} ms | reported | |",
        f"| price_cart, no campaign rules, p50 / p95 | {r['baseline_p50_ms']} / "
        f"{r['baseline_p95_ms']} ms | baseline | |",
        f"| hints p50 / p95 | {r['hints_p50_ms']} / {r['hints_p95_ms']} ms | reported | |",
    ])
