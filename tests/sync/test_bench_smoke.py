"""`python -m bench sync --smoke --json` runs end to end against a real HQ."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_sync_bench_smoke(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "bench", "sync", "--smoke", "--json", "--dir", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=True,
    )
    report = json.loads(out.stdout)
    assert report["sales"] == 300 and report["products"] == 3000
    assert report["figures"]["upload_s"] > 0 and report["figures"]["pull_products_s"] > 0
    assert set(report["met"]) == {"upload_10k_s", "pull_200k_products_s"}
