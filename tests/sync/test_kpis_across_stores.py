"""Every store's guide KPIs at once (issue 19-C), over HTTP and on the command line: the
fixed data set (kpi_dataset.py) pushed by its till to a real HQ, a second store beside it;
the answer without a store equals each store's own (raw) figures, for the day, the day 40
back and the month; `admin kpis-rebuild` leaves it the same."""

from __future__ import annotations

import csv
import hashlib
import io
import json

import pytest

from hq.admin_auth import ENV
from hq.cli import main
from hq.kpis.report import store_kpis
from pos_app.domain.kpis import Period
from pos_app.domain.kpis.table import as_json
from sync.round import sync_once
from tests.hq.builders import push, sale_event, shift_opened_event
from tests.services.kpis.kpi_dataset import EXPECTED_NOW, KpiWorld, build

pytestmark = pytest.mark.timeout(300)
TOKEN = "admin-token-for-kpi-tests-0123456789"


@pytest.fixture
def kpi_world(hq, tmp_path, monkeypatch) -> KpiWorld:
    return build(hq, tmp_path, monkeypatch)


def test_every_store_at_once_over_http_and_the_cli(kpi_world, hq, capsys, monkeypatch):
    w = kpi_world
    with w.paired.client() as client:
        assert sync_once(w.paired.engine, client).ok
    other = hq.register("S02", "T01")
    push(hq, other, shift_opened_event(other.terminal_id),
         sale_event(other.terminal_id, receipt_no="S02-T01-000001"))
    s01 = w.paired.terminal.store_id
    monkeypatch.setenv(ENV, hashlib.sha256(TOKEN.encode()).hexdigest())
    admin = {"Authorization": f"Bearer {TOKEN}"}

    def cli(*argv: str) -> str:
        capsys.readouterr()
        assert main(["admin", *argv, "--database-url", hq.database_url]) == 0
        return capsys.readouterr().out

    for period in (w.now, w.earlier, Period.month(w.now.start)):
        span = {"from": period.start.isoformat(), "to": period.end.isoformat()}
        raw = {s: as_json(store_kpis(hq.engine, s, period)) for s in (s01, other.store_id)}
        with hq.client() as http:
            assert http.get("/v1/admin/kpis", params=span).status_code == 401
            body = http.get("/v1/admin/kpis", headers=admin, params=span).json()
        assert [s["store_code"] for s in body["stores"]] == ["S01", "S02"]
        for s in body["stores"]:
            code = s.pop("store_code")
            assert s == raw[s01 if code == "S01" else other.store_id], (code, period)
        by_cli = json.loads(cli("kpis", "--from", span["from"], "--to", span["to"], "--json"))
        assert [s["store_id"] for s in by_cli["stores"]] == [s01, other.store_id]
        assert by_cli["stores"][0]["total"] == raw[s01]["total"]

    day = w.now.start.isoformat()
    with hq.client() as http:
        as_csv = http.get("/v1/admin/kpis", headers=admin,
                          params={"from": day, "to": day, "format": "csv"})
    assert as_csv.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    assert rows[1][:3] == ["Store", "Guide", "Net sales (¥)"]
    totals = [r for r in rows[2:] if r[1] == "Store total"]
    assert [r[0] for r in totals] == ["S01", "S02"]
    assert totals[0][2:4] == ["126.50", "5"]  # the data set's hand-computed day
    assert EXPECTED_NOW["*"][0] == 12650
    assert cli("kpis", "--from", day, "--to", day, "--csv").lstrip("\ufeff").splitlines() \
        == as_csv.content.decode("utf-8-sig").splitlines()
    table = cli("kpis", "--from", day, "--to", day)
    assert "S01\tStore total\t126.50" in table and "S02\tStore total\t127.00" in table

    before = cli("kpis", "--from", day, "--to", day, "--json")
    assert cli("kpis-rebuild").startswith("rolled up ")
    assert cli("kpis-rebuild", "--store", "S02").startswith("rolled up ")
    assert cli("kpis", "--from", day, "--to", day, "--json") == before
