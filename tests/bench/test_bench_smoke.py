"""The benches stay runnable: `--smoke` sizes through the real entry point, as CI calls them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHECKOUT_KEYS = {
    "products", "samples", "machine", "date", "targets", "met",
    "scan_to_line_p50_ms", "scan_to_line_p95_ms", "scan_to_line_max_ms",
    "commit_ms_p50", "commit_ms_p95", "raw_commit_ms_p50", "raw_commit_ms_p95",
    "commit_ratio", "commit_overhead_ms_p50",
}


def _bench(*args: str, tmp_path: Path) -> dict[str, object]:
    proc = subprocess.run(
        [sys.executable, "-m", "bench", *args, "--smoke", "--json", "--dir", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout)


def test_checkout_smoke_prints_json_with_the_figures(tmp_path: Path) -> None:
    report = _bench("checkout", tmp_path=tmp_path)
    assert report.keys() >= CHECKOUT_KEYS
    assert report["products"] == 2000
    assert report["samples"] == 50
    assert report["targets"] == {"scan_to_line_p95_ms": 30.0, "commit_ratio": 1.3}
    assert set(report["met"]) == {"scan_to_line_p95_ms", "commit_ratio"}
    assert report["machine"]["cpu_count"] >= 1
    assert report["raw_commit_ms_p50"] > 0
    assert report["commit_ms_p50"] > 0
    assert report["commit_ratio"] > 0


def test_crash_smoke_prints_json_and_finds_nothing_broken(tmp_path: Path) -> None:
    report = _bench("crash", "--runs", "4", tmp_path=tmp_path)
    assert report["runs"] == 4
    assert report["lost"] == report["half"] == report["duplicated"] == 0
    assert report["met"]["lost"] and report["met"]["half"] and report["met"]["duplicated"]
