"""`python -m bench scan --smoke --json` stays runnable and reports both decoders side by side."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_scan_bench_smoke_prints_both_fps() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "scan", "--smoke", "--json", "--frames", "12"],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    report = json.loads(proc.stdout)
    assert report["frames"] == 12
    assert report["decode_fps_zxing"] > 0 and report["decode_fps_pyzbar"] > 0
    assert report["fps_ratio_zxing_over_pyzbar"] > 0
    assert report["targets"] == {"decode_fps_zxing": 30.0}
    assert set(report["decoders"]) == {"zxing", "pyzbar", "chain"}
    assert report["decoders"]["zxing"]["false_reads_on_empty"] == 0
