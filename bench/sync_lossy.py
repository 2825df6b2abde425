"""`python -m bench sync --lossy`: the same queued backlog drained by the real sync worker,
with its shipped settings, through a link that loses 30 % of HQ's answers.

Target (issue "a till survives what stores do to it"): 10k queued sales in < 60 s. The
worker, not a bare push loop, is measured, because the backoff policy is what decides how
fast a lossy link drains: it must start over whenever a round got something through.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from sqlalchemy import Engine, update

from local_db.database import open_database
from local_db.models import HqLink
from local_db.uow import write_session
from sync.client import HqClient
from sync.status import SyncStatus, queued
from sync.worker import SyncWorker
from tests.sync.fault_proxy import FaultProxy

LOSSY = {"pass": 0.7, "drop_response": 0.3}
TARGET_10K_S = 60.0


def drain_through_lossy_link(tmp: Path, url: str, hq_engine: Engine, sales: int,
                             pair, queue_sales, timeout_s: float = 900) -> dict[str, float]:
    """Seconds until the worker has no queued event, and how many answers were lost."""
    engine = open_database(tmp / "lossy.db")
    pair(engine, url, hq_engine, "T03")
    queue_sales(engine, sales)
    with FaultProxy(int(url.rsplit(":", 1)[1]), LOSSY, seed=17) as proxy:
        with write_session(engine) as session:
            session.execute(update(HqLink).values(hq_url=proxy.url))
        done = threading.Event()

        def on_status(status: SyncStatus) -> None:
            if status.queued == 0:
                done.set()

        worker = SyncWorker(engine, lambda u, t, **tls: HqClient(u, t, **tls), on_status)
        started = time.perf_counter()
        worker.start()
        try:
            if not done.wait(timeout_s):
                raise AssertionError(f"{queued(engine)} events still queued after {timeout_s} s")
            took = time.perf_counter() - started
        finally:
            worker.stop(30)
        lost = proxy.counts["drop_response"]
    engine.dispose()
    return {"lossy_upload_s": round(took, 2), "answers_lost": lost,
            "requests": sum(proxy.counts.values())}
