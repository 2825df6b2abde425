"""One calendar at HQ (review 10): SHOPFLOOR_HQ_TIMEZONE moves the KPI days (raw and rolled
up) exactly as it moves the Z view's day. A sale at 02:00 UTC is the day before in New York
and that day in Shanghai: told New York, HQ puts the sale, its rollup row and its shift on
New York's day, and nothing on the Shanghai day after."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from hq.kpis.across import stores_kpis
from hq.kpis.report import store_kpis
from hq.policy import store_tz
from hq.shifts.z_view import day_z
from pos_app.domain.kpis import Period
from tests.hq.builders import push, sale_event, shift_opened_event
from tests.hq.server import HQServer

NY = "America/New_York"


def test_kpi_days_and_z_days_follow_the_same_zone(hq_server: HQServer,
                                                   monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SHOPFLOOR_HQ_TIMEZONE", NY)
    assert store_tz() == ZoneInfo(NY)
    at = datetime.combine(datetime.now(UTC).date() - timedelta(days=1), time(2), tzinfo=UTC)
    ny_day = at.astimezone(ZoneInfo(NY)).date()
    assert at.astimezone(ZoneInfo("Asia/Shanghai")).date() == ny_day + timedelta(days=1)
    till = hq_server.register("S01", "T01")
    opened = shift_opened_event(till.terminal_id, "shift-ny")
    opened["payload"]["opened_at"] = at.isoformat()
    sale = sale_event(till.terminal_id, shift_id="shift-ny")
    sale["payload"]["created_at"] = at.isoformat()
    assert [r["status"] for r in push(hq_server, till, opened, sale)] == ["accepted"] * 2
    on_ny, next_day = Period.day(ny_day), Period.day(ny_day + timedelta(days=1))
    assert store_kpis(hq_server.engine, till.store_id, on_ny).total.sales == 1
    assert store_kpis(hq_server.engine, till.store_id, next_day).total.sales == 0
    rolled = {p: stores_kpis(hq_server.engine, p, [till.store_id])[0].total.sales
              for p in (on_ny, next_day)}
    assert rolled == {on_ny: 1, next_day: 0}
    with hq_server.engine.connect() as conn:
        assert [z.shift_id for z in day_z(conn, till.store_id, ny_day)] == ["shift-ny"]
        assert day_z(conn, till.store_id, ny_day - timedelta(days=1)) == []
