"""The next page asked for while the till applies the current one (sync.page_ahead), against
a real HQ over HTTP through a counting proxy: same rows, same cursors, the same requests in
the same order, and a failure of the page asked ahead reaches the caller who asks for it."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from hq import catalog
from local_db.database import open_database
from pos_app.errors import PosError
from pos_app.services.pairing import pair_with_hq
from sync.client import HqClient
from sync.link import hq_link
from sync.puller import PullResult, pull_stream
from tests.hq.server import HQServer
from tests.sync.fault_proxy import FaultProxy

PRODUCTS = 7


class ScriptedProxy(FaultProxy):
    """Each request's fate from a script (then `pass`), in the order requests arrive."""

    def __init__(self, upstream_port: int, script: list[str]) -> None:
        super().__init__(upstream_port)
        self.script = script

    def _fate(self) -> str:
        with self._lock:
            fate = self.script.pop(0) if self.script else "pass"
            self.counts[fate] += 1
            return fate


def _catalogue(hq: HQServer, tmp: Path) -> None:
    path = tmp / "catalog.csv"
    rows = [f"SKU-{i},商品{i},Item {i},69{i:011d},{i}.50" for i in range(PRODUCTS)]
    path.write_text("sku,name_zh,name_en,barcode,price\n" + "\n".join(rows) + "\n",
                    encoding="utf-8")
    catalog.import_products(hq.engine, path)


def _paired(hq: HQServer, tmp: Path) -> tuple[Engine, str]:
    engine = open_database(tmp / "till.db")
    pair_with_hq(engine, hq.url, hq.enroll("S01", "T01"), "till")
    link = hq_link(engine)
    assert link is not None
    return engine, link.token


def _port(hq: HQServer) -> int:
    return int(hq.url.rsplit(":", 1)[1].split("/")[0])


def test_a_pull_asks_each_page_once_in_order_and_gets_every_row(hq: HQServer, tmp_path):
    _catalogue(hq, tmp_path)
    engine, token = _paired(hq, tmp_path)
    with ScriptedProxy(_port(hq), []) as proxy, HqClient(proxy.url, token) as client:
        result = PullResult()
        pull_stream(engine, client, "products", result, limit=2)
    assert result.applied["products"] == PRODUCTS
    assert proxy.counts["pass"] == 4  # pages of 2, 2, 2, 1: none asked twice, none extra
    with hq.engine.connect() as conn:
        head = conn.execute(text("SELECT max(cursor) FROM change_log"
                                 " WHERE stream = 'products'")).scalar_one()
    assert result.cursors["products"] == head
    with engine.connect() as conn:
        skus = conn.execute(text("SELECT sku FROM product ORDER BY sku")).scalars().all()
    assert skus == [f"SKU-{i}" for i in range(PRODUCTS)]


def test_the_page_asked_ahead_fails_for_its_caller_and_is_asked_again(hq: HQServer,
                                                                       tmp_path):
    _catalogue(hq, tmp_path)
    _engine, token = _paired(hq, tmp_path)
    with ScriptedProxy(_port(hq), ["pass", "drop_response"]) as proxy, \
            HqClient(proxy.url, token, timeout=5) as client:
        first = client.changes("products", 0, 3)
        assert first.has_more and len(first.changes) == 3
        with pytest.raises(PosError) as lost:  # the answer to the request made ahead
            client.changes("products", first.next_cursor, 3)
        assert lost.value.code == "hq_unreachable"
        again = client.changes("products", first.next_cursor, 3)  # asked anew: HQ answers
        assert [c.data["sku"] for c in again.changes] == ["SKU-3", "SKU-4", "SKU-5"]
        other = client.changes("products", 0, 3)  # not the page asked ahead: asked anew
        assert other == first
    assert proxy.counts["drop_response"] == 1


class _Held:
    """A stand-in for random.Random whose every delay is `hold` seconds."""

    def __init__(self, hold: float) -> None:
        self.hold = hold

    def uniform(self, _lo: float, _hi: float) -> float:
        return self.hold


def _close_while_held(hq: HQServer, tmp_path, hold: float) -> tuple[float, bool]:
    """close() while HQ holds the page asked ahead `hold` seconds: (close's time, whether
    a page-ahead thread is still alive after it)."""
    import time

    tmp_path.mkdir()
    engine = open_database(tmp_path / "till.db")
    pair_with_hq(engine, hq.url, hq.enroll("S01", tmp_path.name), "till")
    link = hq_link(engine)
    assert link is not None
    with ScriptedProxy(_port(hq), ["pass", "delay"]) as proxy:
        proxy._rng = _Held(hold)  # type: ignore[assignment]
        client = HqClient(proxy.url, link.token, timeout=10)
        assert client.changes("products", 0, 3).has_more  # the next page now asked ahead
        time.sleep(0.3)  # its request is at the proxy, held there
        ahead = client._ahead  # this client's thread: another test's may still be running
        assert ahead is not None and ahead._thread.is_alive()
        started = time.monotonic()
        client.close()
        took = time.monotonic() - started
        alive = ahead._thread.is_alive()
    return took, alive


def test_close_joins_the_page_ahead_thread_and_waits_no_longer_than_its_bound(
        hq: HQServer, tmp_path):
    """A page asked ahead that HQ answers within the bound is waited for: no thread outlives
    the client. One HQ holds longer: close() gives up after CLOSE_WAIT_S (the daemon thread
    ends with its read timeout; a blocking httpx request cannot be cancelled from outside)."""
    from sync.client import CLOSE_WAIT_S
    _catalogue(hq, tmp_path)
    took, alive = _close_while_held(hq, tmp_path / "T01", 0.8)
    assert not alive and took < CLOSE_WAIT_S
    took, _alive = _close_while_held(hq, tmp_path / "T02", CLOSE_WAIT_S + 2)
    assert CLOSE_WAIT_S - 0.1 < took < CLOSE_WAIT_S + 0.5
