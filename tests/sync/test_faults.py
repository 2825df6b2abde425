"""≥ 1,000 sales from 2 terminals through a proxy that drops, resets, delays and duplicates.

Sales are made while sync rounds run (two writers on each terminal DB, as at a real till);
then rounds repeat until every queue is empty. HQ must then hold exactly the terminals'
sales — same ids, totals, line counts — with no duplicate and every outbox event sent.
"""

from __future__ import annotations

import random
import threading
import time

from sqlalchemy import text

from sync.round import sync_once
from tests.sync.fault_proxy import FaultProxy
from tests.sync.helpers import outbox_rows, sell
from tests.sync.hq_world import hq_event_count, hq_sales, local_sales, paired_till

SALES_PER_TERMINAL = 500
WEIGHTS = {"pass": 0.45, "drop_request": 0.1, "drop_response": 0.15, "reset": 0.1,
           "delay": 0.1, "duplicate": 0.1}


def _sync_until_empty(till, url, stop: threading.Event, log: list) -> None:
    """Rounds with small batches while sales go on; after `stop`, until nothing is pending."""
    with till.client(url, timeout=5) as client:
        for _ in range(2000):
            result = sync_once(till.engine, client, pull=False, batch_size=20)
            log.append(result)
            pending = [r for r in outbox_rows(till.engine) if r["status"] == "pending"]
            if stop.is_set() and not pending:
                return
            time.sleep(0.01 if result.ok else 0.02)
    raise AssertionError("queue never emptied")


def test_thousand_sales_through_faults_arrive_exactly_once(hq, tmp_path):
    tills = [paired_till(hq, tmp_path, code) for code in ("T01", "T02")]
    with FaultProxy(int(hq.url.rsplit(":", 1)[1]), WEIGHTS, seed=11) as proxy:
        stop = threading.Event()
        logs: list[list] = [[], []]
        errors: list[BaseException] = []

        def guarded(fn, *args):
            try:
                fn(*args)
            except BaseException as exc:  # reported by the main thread
                errors.append(exc)

        syncers = [threading.Thread(target=guarded, args=(_sync_until_empty, t, proxy.url,
                                                          stop, logs[i]))
                   for i, t in enumerate(tills)]
        sellers = [threading.Thread(target=guarded, args=(sell, t, SALES_PER_TERMINAL,
                                                          random.Random(i)))
                   for i, t in enumerate(tills)]
        for thread in syncers + sellers:
            thread.start()
        for thread in sellers:
            thread.join()
        stop.set()
        for thread in syncers:
            thread.join(150)
        assert not errors, errors

    assert sum(proxy.counts.values()) > 60
    for fate in WEIGHTS:
        assert proxy.counts[fate] > 0, proxy.counts
    assert any(not r.ok for log in logs for r in log)  # faults were really felt

    expected = {}
    for till in tills:
        expected.update(local_sales(till.engine))
        rows = outbox_rows(till.engine)
        assert {r["status"] for r in rows} <= {"accepted", "duplicate"}
        assert all(r["sent_at"] is not None for r in rows)
    assert len(expected) == 2 * SALES_PER_TERMINAL
    assert hq_sales(hq) == expected  # same ids, terminals, receipts, totals, line counts
    with hq.engine.connect() as conn:
        assert conn.execute(text(
            "SELECT count(*) FROM (SELECT event_id FROM event GROUP BY event_id"
            " HAVING count(*) > 1)")).scalar() == 0
        assert conn.execute(text("SELECT count(*) FROM exception")).scalar() == 0
    events = sum(len(outbox_rows(t.engine)) for t in tills)
    assert hq_event_count(hq) == events  # every sale + both shift.opened, once
