"""`python -m bench shift --smoke --json` closes a real shift and prints its Z slip."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_shift_bench_smoke(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "bench", "shift", "--smoke", "--json", "--dir", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=180, check=True,
    )
    report = json.loads(out.stdout)
    assert report["sales"] == 200 and report["runs"] == 1
    assert report["z_close_ms"] > 0 and report["raw_sum_ms"] > 0
    assert report["slip_bytes"] > 500
    assert set(report["met"]) == {"z_close_ms"}
