"""Every figure of the fixed data set (kpi_dataset.py) against its hand-computed table, on
the till; then the till pushes it to a real HQ over HTTP and HQ's figures equal the till's
to the fen (issue 19, Must hold)."""

from __future__ import annotations

import pytest

from hq.kpis.report import store_kpis
from pos_app.domain.kpis import NO_GUIDE, STORE, Period, bp, hundredths
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
        # overrides reach HQ with the audit rows of issue 18 (not pushed yet): left out
        strip = lambda r: (*figures(r)[:-1], r.target)  # noqa: E731
        assert {g.guide_id: strip(g) for g in at_hq.guides if g.sales or g.returns} == \
            {g.guide_id: strip(g) for g in till.guides if g.sales or g.returns}
        assert strip(at_hq.total) == strip(till.total)
        assert at_hq.daily == till.daily
