"""Small helpers every bench shares: percentiles, machine facts, the run's date.

A figure only counts with its date and machine (PRODUCT §12), so each bench reports them.
"""

from __future__ import annotations

import os
import platform
import subprocess
from datetime import UTC, datetime
from pathlib import Path


def percentile(values: list[float], pct: float) -> float:
    """Linear-interpolated percentile (numpy's default) without pulling numpy in."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * pct / 100.0
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summary(values_ms: list[float]) -> dict[str, float]:
    return {
        "p50": round(percentile(values_ms, 50), 3),
        "p95": round(percentile(values_ms, 95), 3),
        "max": round(max(values_ms), 3) if values_ms else float("nan"),
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _filesystem(path: Path) -> str:
    """ext4 vs tmpfs changes what an fsync costs, so the figure needs it beside it."""
    try:
        out = subprocess.run(
            ["df", "-T", str(path)], capture_output=True, text=True, timeout=5, check=False
        ).stdout.splitlines()
        return out[1].split()[1] if len(out) > 1 else "unknown"
    except (OSError, subprocess.SubprocessError, IndexError):
        return "unknown"


def machine(db_dir: Path | None = None) -> dict[str, object]:
    info: dict[str, object] = {
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpu_count": os.cpu_count(),
        "cpu_model": _cpu_model(),
        "python": platform.python_version(),
    }
    if db_dir is not None:
        info["db_filesystem"] = _filesystem(db_dir)
    return info


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
