"""The till side of `python -m bench sync --full` (bench/sync_full.py), in its own process:
`python -m bench.sync_full_till <terminal.db> <out.json>`.

The app's sync thread (SyncWorker, as SyncService starts it) downloads everything from HQ
while this process's main thread — the GUI's thread in the app — rings up a scan every
50 ms through the real till services; each scan is timed from its call to the line in the
cart. Writes the figures as JSON: first_download_s (worker start -> the last page of the
last stream applied), name_index_s (the member indexes built after it, sync.puller's
INDEX_PHASE, until the round ends: name search falls back to LIKE meanwhile), online_s
(both), per-stream rows and seconds,
rss_peak_mb (VmHWM; per stream, the highest VmRSS at its pages and the till process's CPU
seconds — steadier than wall time on a shared machine), scans and lines,
scan p50/p95/max.
"""

from __future__ import annotations

import json
import resource
import sys
import threading
import time
from pathlib import Path

from bench.stats import summary
from local_db.database import open_database
from pos_app.domain.cart import Cart
from pos_app.services.terminal_setup import TerminalSetupService
from pos_app.services.till import TillServices
from sync.client import HqClient
from sync.puller import INDEX_PHASE
from sync.status import SyncStatus
from sync.worker import SyncWorker

SCAN_EVERY_S = 0.05
CODE = "6901234567892"


def peak_rss_kb() -> int:
    """This process's peak RSS: VmHWM, not ru_maxrss — Linux carries ru_maxrss over exec,
    so a till started by a bench that had just built a large HQ reported the bench's own
    peak (a 200k-member HQ build: 542 MB "till" peak, 247 MB measured here)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def rss_now_kb() -> int:
    """This process's RSS now (VmRSS; 0 where /proc is missing)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def main(db: Path, out: Path) -> None:
    engine = open_database(db)
    info = TerminalSetupService(engine).current()
    assert info is not None
    till = TillServices.build(engine, info, None)
    done = threading.Event()
    states: list[str] = []
    streams: dict[str, list[float]] = {}  # stream -> [rows, first seen, last seen]
    rss: dict[str, int] = {}  # stream -> the highest VmRSS seen at its pages' ends (kB)
    cpu: dict[str, list[float]] = {}  # stream -> process CPU s at its first and last page
    started = time.perf_counter()

    def on_status(status: SyncStatus) -> None:
        states.append(status.state)
        if status.state == "syncing" and status.stream:
            now = time.perf_counter() - started
            seen = streams.setdefault(status.stream, [0, now, now])
            seen[0], seen[2] = status.rows, now
            rss[status.stream] = max(rss.get(status.stream, 0), rss_now_kb())
            spent = cpu.setdefault(status.stream, [time.process_time()] * 2)
            spent[1] = time.process_time()
        elif status.state in ("online", "offline", "error"):
            done.set()

    worker = SyncWorker(engine, lambda url, token, **tls: HqClient(url, token, **tls),
                        on_status, interval_s=3600)
    worker.start()
    times: list[float] = []
    rung = 0  # units in the carts: a lost or doubled scan shows here
    cart = Cart()
    while not done.is_set():
        t0 = time.perf_counter()
        till.scanner.ring(cart, CODE, 1)
        times.append((time.perf_counter() - t0) * 1000)
        if len(times) % 20 == 0:
            rung += sum(line.quantity for line in cart.lines)
            cart = Cart()
        done.wait(SCAN_EVERY_S)
    rung += sum(line.quantity for line in cart.lines)
    online_s = time.perf_counter() - started
    rows_in = [v[2] for k, v in streams.items() if k != INDEX_PHASE]
    download_s = max(rows_in) if INDEX_PHASE in streams and rows_in else online_s
    worker.stop(30)
    engine.dispose()
    pct = summary(times) if times else {"p50": 0.0, "p95": 0.0, "max": 0.0}
    out.write_text(json.dumps({
        "first_download_s": round(download_s, 1), "name_index_s": round(online_s - download_s, 1),
        "online_s": round(online_s, 1), "final_state": states[-1],
        "streams": {k: {"rows": int(v[0]), "s": round(v[2] - v[1], 1),
                        "rss_mb": round(rss.get(k, 0) / 1024, 1),
                        "cpu_s": round(cpu[k][1] - cpu[k][0], 1) if k in cpu else 0.0}
                    for k, v in streams.items()},
        "rss_peak_mb": round(peak_rss_kb() / 1024, 1),
        "scans": len(times), "lines": rung,
        "scan_p50_ms": round(pct["p50"], 2), "scan_p95_ms": round(pct["p95"], 2),
        "scan_max_ms": round(pct["max"], 2),
    }))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
