"""A sale during the sync backoff brings one early try: HQ that came back gets the sale in
seconds, HQ still down is tried at most once more per backoff period, never once per sale."""

from __future__ import annotations

import itertools
import random
import time

from sqlalchemy import Engine

from local_db.models import HqLink
from local_db.uow import write_session
from pos_app.services.changes.bus import ChangeBus
from sync.client import HqClient
from sync.worker import SyncWorker
from tests.hq.server import run_hq_server
from tests.sync.helpers import outbox_rows, sell
from tests.sync.hq_process import HqProcess, free_port
from tests.sync.hq_world import paired_till
from tests.sync.test_worker import Recorder


class Draws(random.Random):
    """Backoff draws known in advance: `value`, or the top of the range when None."""

    def __init__(self, value: float | None = None) -> None:
        super().__init__(0)
        self.value = value

    def uniform(self, a: float, b: float) -> float:
        return b if self.value is None else self.value


def point_link_at(engine: Engine, url: str) -> None:
    with write_session(engine) as session:
        link = session.get(HqLink, 1)
        if link is None:
            session.add(HqLink(hq_url=url, device_id="d", token="t"))
        else:
            link.hq_url = url


def woken_by_sales(engine: Engine, worker: SyncWorker) -> ChangeBus:
    """As the app wires it: whatever queues an outbox event nudges the worker."""
    bus = ChangeBus(engine)
    bus.subscribe({"outbox"}, lambda _changes: worker.trigger())
    return bus


def test_a_sale_after_hq_came_back_goes_in_seconds_not_after_the_backoff(tmp_path):
    backoff = 120.0  # a till whose backoff has grown long during the outage
    db_url = f"sqlite:///{tmp_path / 'hq.db'}"
    with run_hq_server(db_url) as setup:  # pairing and the first pull
        till = paired_till(setup, tmp_path, "T01")
    hq = HqProcess(db_url)  # on one port, down now and started again below
    point_link_at(till.engine, hq.url)
    seen = Recorder()
    worker = SyncWorker(till.engine, lambda url, token: HqClient(url, token, connect_timeout=1),
                        seen, interval_s=600, rng=Draws(backoff))
    bus = woken_by_sales(till.engine, worker)
    try:
        worker.start()
        seen.wait_for(lambda s: s.state == "offline")  # HQ down: backing off for 120 s
        hq.start()
        sold_at = time.monotonic()
        sell(till, 1)
        seen.wait_for(lambda s: s.state == "online" and s.queued == 0, timeout=30)
        took = time.monotonic() - sold_at
    finally:
        worker.stop()
        bus.close()
        hq.kill()
    assert took < backoff / 4
    assert worker.rounds == 2  # the failed one, then the sale's early one
    assert {row["status"] for row in outbox_rows(till.engine)} == {"accepted"}


def test_with_hq_still_down_sales_bring_at_most_one_extra_try_per_period(world):
    period = 1.0  # every backoff draws the cap: each period is as long as the last
    point_link_at(world.engine, f"http://127.0.0.1:{free_port()}")  # nothing listens
    tries: list[float] = []

    def make(url: str, token: str) -> HqClient:
        tries.append(time.monotonic())
        return HqClient(url, token, connect_timeout=0.5)

    seen = Recorder()
    worker = SyncWorker(world.engine, make, seen, interval_s=600, backoff_cap_s=period,
                        rng=Draws())
    bus = woken_by_sales(world.engine, worker)
    try:
        worker.start()
        seen.wait_for(lambda s: s.state == "offline")
        started = time.monotonic()
        sales = 0
        while time.monotonic() - started < 5 * period:  # a sale every ~50 ms
            sell(world, 1, random.Random(sales))
            sales += 1
            time.sleep(0.05)
        elapsed = time.monotonic() - tries[0]
    finally:
        worker.stop()
        bus.close()
    periods = int(elapsed / period) + 1
    assert sales > 2 * periods  # without the limit, every sale would have tried HQ
    assert len(tries) <= 2 * periods + 1  # the scheduled try, and one a sale brought
    assert any(b - a < period / 2 for a, b in itertools.pairwise(tries))  # the sales' tries
    # never three tries within one period: the third is the next period's scheduled one
    assert all(c - a >= period * 0.6 for a, c in zip(tries, tries[2:], strict=False)), tries
