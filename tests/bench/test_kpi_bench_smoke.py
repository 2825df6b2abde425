"""`python -m bench kpi --smoke --json`: a month of guide KPIs on the till and at HQ, beside
the raw SQL of the same sums, which the report's figures equal."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_kpi_bench_smoke(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "bench", "kpi", "--smoke", "--json", "--dir", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=240, check=True,
    )
    report = json.loads(out.stdout)
    assert report["lines"] == 6000 and report["guides"] == 30 and report["hq_stores"] == 3
    assert report["sums_agree"] and report["hq_sums_agree"]
    for figure in ("kpi_month_ms", "raw_month_ms", "kpi_hq_month_ms", "raw_hq_month_ms"):
        assert report[figure] > 0, figure
    assert set(report["met"]) <= {"kpi_month_ms", "kpi_hq_month_ms"}
