"""The promotions bench stays runnable and reports its figure beside the no-rules baseline."""

from __future__ import annotations

from pathlib import Path

from tests.bench.test_bench_smoke import _bench


def test_promotions_smoke_reports_the_eval_p95_beside_pricing_without_rules(tmp_path: Path):
    report = _bench("promotions", tmp_path=tmp_path)
    assert (report["rules"], report["lines"], report["samples"]) == (200, 50, 50)
    assert report["targets"] == {"promo_eval_p95_ms": 20.0}
    assert set(report["met"]) == {"promo_eval_p95_ms"}
    assert report["promo_eval_p95_ms"] > report["baseline_p95_ms"] > 0
    assert report["rules_applied"] > 0 and 0 <= report["total"] < report["subtotal"]
    assert report["promo_eval_cpu_p95_ms"] > 0 and report["hints_p95_ms"] > 0
