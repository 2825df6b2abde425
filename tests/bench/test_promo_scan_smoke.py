"""The promotions bench also times scan → cart line at a real till with 200 campaign rules
live, beside the same till with none."""

from __future__ import annotations

from pathlib import Path

from tests.bench.test_bench_smoke import _bench


def test_the_promotions_bench_reports_scan_to_line_with_the_rules_live(tmp_path: Path):
    report = _bench("promotions", tmp_path=tmp_path)
    assert report["scan_promo_rules"] == 200 and report["scan_promo_scans"] == 50
    assert report["scan_promo_campaigns_applied_max"] > 0  # the rules really priced carts
    assert report["scan_promo_p95_ms"] > 0 and report["scan_no_promo_p95_ms"] > 0
    assert report["scan_promo_target_p95_ms"] == 30.0
    assert report["rules_load_ms"] > 0
