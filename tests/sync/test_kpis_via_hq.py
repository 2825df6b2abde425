"""Every figure of the fixed data set (kpi_dataset.py) against its hand-computed table, on
the till; then the till pushes it to a real HQ over HTTP and HQ's figures equal the till's
to the fen (issue 19, Must hold)."""

from __future__ import annotations

import csv
import hashlib
import io
import json

import pytest

from hq.admin_auth import ENV
from hq.cli import main
from hq.kpis.report import store_kpis
from pos_app.domain.kpis import NO_GUIDE, STORE, Period, bp, hundredths
from pos_app.domain.kpis.table import as_json
from sync.link import hq_link
from sync.round import sync_once
from tests.services.kpis.kpi_dataset import (
    EXPECTED_EARLIER,
    EXPECTED_NOW,
    EXPECTED_NOW_DERIVED,
    KpiWorld,
    build,
    figures,
)

pytestmark = pytest.mark.timeout(300)


@pytest.fixture
def kpi_world(hq, tmp_path, monkeypatch) -> KpiWorld:
    return build(hq, tmp_path, monkeypatch)


def _by_key(world: KpiWorld, kpis) -> dict:
    keys = {world.guide_a: "A", world.guide_b: "B", NO_GUIDE: "", STORE: "*"}
    rows = {keys.get(g.guide_id, g.guide_id): g for g in kpis.guides}
    rows["*"] = kpis.total
    return rows


def test_every_figure_matches_the_hand_computed_table(kpi_world):
    w = kpi_world
    m = w.till("9001", "9999")
    now = _by_key(w, m.kpis.store(w.now, m.staff))
    assert {k: figures(now[k]) for k in EXPECTED_NOW} == EXPECTED_NOW
    derived = {k: (now[k].atv, hundredths(now[k].upt), bp(now[k].member_share),
                   bp(now[k].return_rate), bp(now[k].gift_compliance),
                   bp(now[k].unit_code_compliance)) for k in EXPECTED_NOW_DERIVED}
    assert derived == EXPECTED_NOW_DERIVED
    earlier = _by_key(w, m.kpis.store(w.earlier, m.staff))
    assert {k: figures(earlier[k]) for k in EXPECTED_EARLIER} == EXPECTED_EARLIER
    assert earlier["B"].sales == 0  # a zero row, still shown
    month = m.kpis.store(Period.month(w.now.start), m.staff)
    assert month.guide(w.guide_a).target == 100000
    a = w.till("2001", "2222")
    assert figures(a.kpis.mine(w.now, a.staff)) == EXPECTED_NOW["A"]


def test_hq_agrees_with_the_till_to_the_fen(kpi_world, hq):
    w = kpi_world
    with w.paired.client() as client:
        done = sync_once(w.paired.engine, client)
    assert done.ok, done.error
    m = w.till("9001", "9999")
    for period in (w.now, w.earlier, Period.month(w.now.start)):
        till = m.kpis.store(period, m.staff)
        at_hq = store_kpis(hq.engine, w.paired.terminal.store_id, period)
        # every figure, overrides included (pushed as override.approved, issue 19)
        strip = lambda r: (*figures(r), r.target)  # noqa: E731
        assert {g.guide_id: strip(g) for g in at_hq.guides if g.sales or g.returns} == \
            {g.guide_id: strip(g) for g in till.guides if g.sales or g.returns}
        assert strip(at_hq.total) == strip(till.total)
        assert till.total.overrides == (1 if period != w.earlier else 0)
        assert at_hq.daily == till.daily


TOKEN = "admin-token-for-kpi-tests-0123456789"


def test_hq_answers_over_http_and_on_the_command_line(kpi_world, hq, capsys, monkeypatch):
    """The same figures by the admin API (JSON in fen and basis points, or the CSV), by the
    device API (its own store only) and by `shopfloor-hq admin kpis`."""
    w = kpi_world
    with w.paired.client() as client:
        assert sync_once(w.paired.engine, client).ok
    day = w.now.start.isoformat()
    expected = as_json(store_kpis(hq.engine, w.paired.terminal.store_id, w.now))
    assert expected["total"]["net_sales"] == EXPECTED_NOW["*"][0]

    monkeypatch.setenv(ENV, hashlib.sha256(TOKEN.encode()).hexdigest())
    admin = {"Authorization": f"Bearer {TOKEN}"}
    span = {"store": "S01", "from": day, "to": day}
    with hq.client() as http:
        assert http.get("/v1/admin/kpis", params=span).status_code == 401
        assert http.get("/v1/admin/kpis", headers=admin, params=span).json() == expected
        as_csv = http.get("/v1/admin/kpis", headers=admin, params={**span, "format": "csv"})
        assert as_csv.content.startswith(b"\xef\xbb\xbf")
        assert http.get("/v1/admin/kpis", headers=admin,
                        params={**span, "store": "NOPE"}).status_code == 404
        assert http.get("/v1/admin/kpis", headers=admin,
                        params={**span, "from": "2026-12-09", "to": "2026-12-01"}
                        ).status_code == 422
        link = hq_link(w.paired.engine)
        assert link is not None
        mine = http.get("/v1/kpis", params={"from": day, "to": day},
                        headers={"Authorization": f"Bearer {link.token}"})
        assert mine.json() == expected

    def cli(*argv: str) -> str:
        capsys.readouterr()
        assert main(["admin", "kpis", "--store", "S01", "--from", day, "--to", day, *argv,
                     "--database-url", hq.database_url]) == 0
        return capsys.readouterr().out

    assert json.loads(cli("--json")) == json.loads(json.dumps(expected))
    rows = list(csv.reader(io.StringIO(cli("--csv").lstrip("\ufeff"))))
    assert rows[1][:2] == ["Guide", "Net sales (¥)"]
    assert rows[-1][:3] == ["Store total", "126.50", "5"]
    assert "Store total\t126.50\t5" in cli()
