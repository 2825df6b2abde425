"""The product-search bench stays runnable and reports its figures (smoke sizes)."""

from __future__ import annotations

from pathlib import Path

from tests.bench.test_bench_smoke import _bench


def test_search_smoke_reports_ours_beside_the_old_like_search(tmp_path: Path) -> None:
    report = _bench("search", tmp_path=tmp_path)
    assert report["products"] == 3000 and report["indexed"] == 3000
    assert report["targets"] == {"search_p95_ms": 30.0}
    assert set(report["by_kind_p95_ms"]) == {"zh2", "initials", "pinyin", "en", "sku", "barcode"}
    assert report["old_like_p95_ms"] > 0 and report["search_p95_ms"] > 0
    assert report["queries_without_hits"] == 0  # every typed kind finds its product
