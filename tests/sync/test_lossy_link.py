"""A link that loses answers is slow, not dead: the worker keeps going at the link's pace.

Before, the backoff reset only after an error-free round (a push and six pulls), so with
30 % of answers lost it stayed near its 60 s cap while batches did get through.
"""

from __future__ import annotations

import random

from sqlalchemy import update

from local_db.models import HqLink
from local_db.uow import write_session
from sync.client import HqClient
from sync.worker import SyncWorker
from tests.sync.fault_proxy import FaultProxy
from tests.sync.helpers import outbox_rows, sell
from tests.sync.hq_world import hq_sales, paired_till
from tests.sync.test_worker import Recorder

LOSSY = {"pass": 0.7, "drop_response": 0.3}


def test_a_lossy_link_drains_the_queue_instead_of_backing_off_for_a_minute(hq, tmp_path):
    till = paired_till(hq, tmp_path, "T01")
    sale_ids = sell(till, 450, random.Random(5))  # three batches a round
    with FaultProxy(int(hq.url.rsplit(":", 1)[1]), LOSSY, seed=3) as proxy:
        with write_session(till.engine) as session:
            session.execute(update(HqLink).values(hq_url=proxy.url))
        seen = Recorder()

        def make(url: str, token: str, **tls) -> HqClient:
            return HqClient(url, token, timeout=2.0, **tls)

        # A 60 s cap, as shipped: only a reset backoff can drain this within the wait below.
        worker = SyncWorker(till.engine, make, seen, interval_s=0.3, rng=random.Random(1))
        worker.start()
        try:
            seen.wait_for(lambda s: s.state == "online" and s.queued == 0, timeout=45)
        finally:
            worker.stop()
    # A lost answer makes the retry "duplicate": HQ had it; nothing is left pending.
    assert {r["status"] for r in outbox_rows(till.engine)} <= {"accepted", "duplicate"}
    assert set(sale_ids) <= set(hq_sales(hq))
    assert proxy.counts["drop_response"] > 0, proxy.counts  # answers really were lost
    # Between losses the badge says the link is unreliable and keeps syncing.
    assert any(s.state == "syncing" and "unreliable" in s.progress for s in seen.statuses)
