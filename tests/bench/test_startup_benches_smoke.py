"""The start-up and UI scan benches stay runnable (issue 15): `--smoke` through the real entry
point, on a small store, on a private Xvfb with xdotool's real key events."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.xserver import require_tools

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.timeout(600)


def _bench(*args: str, tmp_path: Path) -> dict[str, object]:
    proc = subprocess.run(
        [sys.executable, "-m", "bench", *args, "--smoke", "--json", "--dir", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=500, check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout)


def test_startup_smoke_times_the_sign_in_screen_beside_a_bare_qt_window(tmp_path: Path) -> None:
    require_tools()
    report = _bench("startup", "--runs", "1", tmp_path=tmp_path)
    assert report["focus"] == "staffCode"  # ready = the staff-code field painted with focus
    assert report["baseline_s"] > 0 and report["startup_warm_s"] > 0
    assert report["startup_cold_s"] > 0 and report["cpu_s"] > 0
    assert len(report["warm_runs_s"]) == len(report["cold_runs_s"]) == 1
    assert report["rss_cart_lines"] == 10  # the 10 typed scans are in the cart on disk
    assert 50 < report["rss_mb"] < 2000
    assert report["rss_sign_in_attempts"] >= 1
    assert set(report["met"]) == {"startup_warm_s", "startup_cold_s", "rss_mb"}


def test_ui_scan_smoke_times_every_scan_rescan_and_member(tmp_path: Path) -> None:
    require_tools()
    report = _bench("ui_scan", tmp_path=tmp_path)
    assert report["lost_scans"] == 0
    assert report["scans"] == 12 + 1 + 4  # 12 lines, one re-scan, a member each 3 lines
    assert set(report["by_kind_p95_ms"]) == {"new", "rescan", "member"}
    assert report["baseline_p95_ms"] > 0 and report["ui_scan_to_line_p95_ms"] > 0
    assert report["targets"] == {"ui_scan_to_line_p95_ms": 30.0}
