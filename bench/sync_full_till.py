"""The till side of `python -m bench sync --full` (bench/sync_full.py), in its own process:
`python -m bench.sync_full_till <terminal.db> <out.json>`.

The app's sync thread (SyncWorker, as SyncService starts it) downloads everything from HQ
while this process's main thread — the GUI's thread in the app — rings up a scan every
50 ms through the real till services; each scan is timed from its call to the line in the
cart. Writes the figures as JSON: first_download_s, per-stream rows and seconds,
rss_peak_mb (ru_maxrss), scans and lines, scan p50/p95/max.
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
from sync.status import SyncStatus
from sync.worker import SyncWorker

SCAN_EVERY_S = 0.05
CODE = "6901234567892"


def main(db: Path, out: Path) -> None:
    engine = open_database(db)
    info = TerminalSetupService(engine).current()
    assert info is not None
    till = TillServices.build(engine, info, None)
    done = threading.Event()
    states: list[str] = []
    streams: dict[str, list[float]] = {}  # stream -> [rows, first seen, last seen]
    started = time.perf_counter()

    def on_status(status: SyncStatus) -> None:
        states.append(status.state)
        if status.state == "syncing" and status.stream:
            now = time.perf_counter() - started
            seen = streams.setdefault(status.stream, [0, now, now])
            seen[0], seen[2] = status.rows, now
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
    download_s = time.perf_counter() - started
    worker.stop(30)
    engine.dispose()
    pct = summary(times) if times else {"p50": 0.0, "p95": 0.0, "max": 0.0}
    out.write_text(json.dumps({
        "first_download_s": round(download_s, 1), "final_state": states[-1],
        "streams": {k: {"rows": int(v[0]), "s": round(v[2] - v[1], 1)}
                    for k, v in streams.items()},
        "rss_peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "scans": len(times), "lines": rung,
        "scan_p50_ms": round(pct["p50"], 2), "scan_p95_ms": round(pct["p95"], 2),
        "scan_max_ms": round(pct["max"], 2),
    }))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
