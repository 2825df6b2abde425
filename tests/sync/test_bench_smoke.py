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


def test_coupons_bench_smoke(tmp_path):
    """`python -m bench coupons --smoke --json`: offline verify beside bare Ed25519, and the
    online redeem round trip against a real HQ, every coupon redeemed once."""
    out = subprocess.run(
        [sys.executable, "-m", "bench", "coupons", "--smoke", "--json", "--dir", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=180, check=True,
    )
    report = json.loads(out.stdout)
    assert report["samples"] == 30 and report["code_length"] == 178
    for figure in ("coupon_verify_p95_ms", "ed25519_verify_p95_ms", "domain_verify_p95_ms",
                   "coupon_read_p95_ms", "coupon_redeem_online_p95_ms"):
        assert report[figure] > 0, figure
    assert report["ed25519_verify_p95_ms"] <= report["coupon_read_p95_ms"]
    assert set(report["met"]) == {"coupon_verify_p95_ms"}
