"""SyncWorker: status callbacks, trigger after a sale, backoff when HQ is gone, quick stop."""

from __future__ import annotations

import random
import threading
import time

from sync.client import HqClient
from sync.status import SyncStatus
from sync.worker import SyncWorker, backoff_delay
from tests.sync.helpers import sell
from tests.sync.hq_process import free_port
from tests.sync.hq_world import paired_till


class Recorder:
    def __init__(self) -> None:
        self.statuses: list[SyncStatus] = []
        self.threads: set[str] = set()
        self.changed = threading.Condition()

    def __call__(self, status: SyncStatus) -> None:
        with self.changed:
            self.statuses.append(status)
            self.threads.add(threading.current_thread().name)
            self.changed.notify_all()

    def wait_for(self, test, timeout: float = 10) -> SyncStatus:
        deadline = time.monotonic() + timeout
        with self.changed:
            while True:
                for status in self.statuses:
                    if test(status):
                        return status
                left = deadline - time.monotonic()
                assert left > 0, self.statuses[-5:]
                self.changed.wait(left)


def test_backoff_is_full_jitter_capped():
    rng = random.Random(1)
    for failures in range(1, 30):
        ceiling = min(60.0, 2.0 ** (failures - 1))
        delays = [backoff_delay(failures, rng) for _ in range(50)]
        assert all(0 <= d <= ceiling for d in delays)
    assert max(backoff_delay(30, rng) for _ in range(500)) > 30  # spreads up to the cap


def test_unpaired_terminal_reports_unpaired(world):
    seen = Recorder()
    worker = SyncWorker(world.engine, HqClient, seen, interval_s=60)
    worker.start()
    status = seen.wait_for(lambda s: s.state == "unpaired")
    worker.stop()
    assert status.queued == 1 and "not paired" in status.message  # the shift.opened event


def test_worker_syncs_on_trigger_and_stops_quickly(hq, tmp_path):
    till = paired_till(hq, tmp_path, "T01")
    seen = Recorder()
    worker = SyncWorker(till.engine, lambda url, token: HqClient(url, token), seen,
                        interval_s=60)
    worker.start()
    seen.wait_for(lambda s: s.state == "online")
    sell(till, 3)
    worker.trigger()  # as checkout does after a sale
    online = seen.wait_for(lambda s: s.state == "online" and s.queued == 0
                           and s.last_sync_at is not None and worker.rounds >= 2)
    assert any(s.state == "syncing" for s in seen.statuses)
    assert seen.threads == {"sync-worker"}
    started = time.monotonic()
    worker.stop()
    assert time.monotonic() - started < 2 and not worker.running
    assert online.message == ""


def test_hq_gone_means_offline_with_backoff_then_sync_now(tmp_path, world):
    from local_db.models import HqLink
    from local_db.uow import write_session

    with write_session(world.engine) as session:
        session.add(HqLink(hq_url=f"http://127.0.0.1:{free_port()}", device_id="d", token="t"))
    seen = Recorder()
    clients = []

    def make(url: str, token: str) -> HqClient:
        clients.append(time.monotonic())
        return HqClient(url, token, connect_timeout=0.5)

    worker = SyncWorker(world.engine, make, seen, interval_s=60, backoff_cap_s=0.2,
                        rng=random.Random(2))
    worker.start()
    offline = seen.wait_for(lambda s: s.state == "offline")
    assert "Cannot reach HQ" in offline.message and offline.queued == 1
    time.sleep(1.0)
    assert len(clients) >= 3  # kept retrying, backoff capped at 0.2 s here
    worker.stop()
    assert not worker.running
