"""HQ SIGKILLed while pushes are in flight, restarted on the same database: nothing lost,
nothing twice (HQ's transaction dies with it; the terminal's retry is applied or deduped)."""

from __future__ import annotations

import random
import threading
import time

from sqlalchemy import text

from sync.client import HqClient
from sync.link import hq_link
from sync.round import sync_once
from tests.hq.server import run_hq_server
from tests.sync.helpers import outbox_rows, sell
from tests.sync.hq_process import HqProcess
from tests.sync.hq_world import hq_sales, local_sales, paired_till

KILLS = 3


def test_killing_hq_mid_push_loses_and_duplicates_nothing(tmp_path):
    db_url = f"sqlite:///{tmp_path / 'hq.db'}"
    with run_hq_server(db_url) as setup:  # pairing and first pull on an in-thread HQ
        till = paired_till(setup, tmp_path, "T01")
    sell(till, 400)
    rng = random.Random(3)
    outcomes: list[str] = []
    done = threading.Event()
    with HqProcess(db_url) as hq:
        token = hq_link(till.engine).token  # type: ignore[union-attr]

        def push_rounds() -> None:
            with HqClient(hq.url, token, timeout=5, connect_timeout=1) as client:
                while not done.is_set():
                    result = sync_once(till.engine, client, pull=False, batch_size=20)
                    outcomes.append(result.error.code if result.error else "ok")
                    if result.ok and result.push.batches == 0:
                        return
                    if not result.ok:
                        time.sleep(0.05)

        pusher = threading.Thread(target=push_rounds)
        pusher.start()
        for _ in range(KILLS):
            time.sleep(rng.uniform(0.05, 0.3))
            hq.kill()
            time.sleep(0.3)  # rounds fail against the dead port meanwhile
            hq.start()
        pusher.join(120)
        done.set()
        assert not pusher.is_alive()
        assert hq.kills == KILLS
        with HqClient(hq.url, token) as client:  # a final round: nothing left, nothing new
            final = sync_once(till.engine, client, pull=False)
        assert final.ok and final.push.batches == 0

    assert "hq_unreachable" in outcomes  # the kills were felt by the pusher
    rows = outbox_rows(till.engine)
    assert {r["status"] for r in rows} <= {"accepted", "duplicate"}
    assert any(r["attempts"] > 0 for r in rows)  # some batch really was cut off
    with run_hq_server(db_url) as check:
        assert hq_sales(check) == local_sales(till.engine)
        with check.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM event")).scalar() == len(rows)
            assert conn.execute(text("SELECT count(*) FROM stock_move")).scalar() == \
                conn.execute(text("SELECT count(*) FROM sale_line")).scalar()
