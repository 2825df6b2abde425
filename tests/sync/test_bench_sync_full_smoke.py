"""`python -m bench sync --full --smoke --json`: a fresh till's first download from an HQ
process (products and members), scans rung meanwhile, runs end to end (issue 15)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_sync_full_bench_smoke(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "bench", "sync", "--full", "--smoke", "--json", "--dir",
         str(tmp_path)], cwd=ROOT, capture_output=True, text=True, timeout=400, check=True,
    )
    report = json.loads(out.stdout)
    figures = report["figures"]
    assert report["products"] == 3_000 and report["members"] == 5_000
    assert figures["final_state"] == "online"
    assert figures["streams"]["products"]["rows"] == 3_000
    assert figures["streams"]["members"]["rows"] == 5_000
    assert figures["first_download_s"] > 0 and figures["rss_peak_mb"] > 0
    assert figures["scans"] > 0 and figures["lines"] == figures["scans"]  # none lost
    assert set(report["met"]) == {"first_download_s", "rss_peak_mb", "scan_p95_ms",
                                  "no_scan_lost"}
