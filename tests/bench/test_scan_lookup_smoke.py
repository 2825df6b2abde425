"""The unit-code lookup bench stays runnable and plugs into `python -m bench scan`."""

from __future__ import annotations

import json
import subprocess
import sys
from argparse import Namespace
from pathlib import Path

from bench import scan_lookup

ROOT = Path(__file__).resolve().parents[2]

LOOKUP_KEYS = {
    "skus", "units", "classify_lookup_p50_ms", "classify_lookup_p95_ms",
    "classify_lookup_max_ms", "dict_lookup_p95_ms", "classify_lookup_ratio_p95",
    "classify_lookup_target_p95_ms", "classify_lookup_met",
}


def test_scan_smoke_json_carries_the_lookup_figures(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "scan", "--smoke", "--json", "--dir", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    report = json.loads(proc.stdout)
    assert report.keys() >= LOOKUP_KEYS
    assert (report["skus"], report["units"]) == (2_000, 10_000)
    assert report["classify_lookup_p95_ms"] > 0 and report["dict_lookup_p95_ms"] > 0
    assert report["classify_lookup_ratio_p95"] > 0
    # The decode bench's own target/met/date are left as they were.
    assert report["targets"] == {"decode_fps_zxing": 30.0}
    assert set(report["met"]) == {"decode_fps_zxing"}
    assert list(tmp_path.iterdir()) == []  # the temp store is removed


def test_hook_honours_sizes_and_every_scan_finds_its_unit(tmp_path: Path) -> None:
    args = Namespace(smoke=True, seed=3, dir=tmp_path, json=True,
                     skus=50, units=200, scans=40)
    report = scan_lookup.measure_classify_lookup(args)
    assert (report["skus"], report["units"], report["classify_lookup_scans"]) == (50, 200, 40)
    assert report["classify_lookup_target_p95_ms"] == 10.0
