"""HQ's apply of the till's guide KPI events over HTTP: a re-attribution moves the line's
figures (a replay changes nothing, a line of another store is a conflict), and the latest
target of a guide's month wins."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hq.kpis.report import store_kpis
from pos_app.domain.kpis import Period, local_day
from tests.hq.builders import event, new_id, push, sale_event, shift_opened_event
from tests.hq.server import HQServer


def _reattributed(device, sale: dict, guide: str, at: datetime) -> dict:
    line = sale["payload"]["lines"][0]  # the colas, sold with no guide
    aid = new_id()
    return event("line.reattributed", aid, {
        "attribution_id": aid, "store_id": device.store_id, "terminal_id": device.terminal_id,
        "sale_id": sale["payload"]["id"], "sale_line_id": line["id"], "guide_id": guide,
        "from_guide_id": "", "by": "m1", "at": at.isoformat(), "reason": "served by g2"})


def test_a_reattributed_line_counts_for_its_new_guide_once(hq_server: HQServer):
    device = hq_server.register()
    sale = sale_event(device.terminal_id)
    push(hq_server, device, shift_opened_event(device.terminal_id), sale)
    today = Period.day(local_day(datetime.now(UTC)))
    before = store_kpis(hq_server.engine, device.store_id, today)
    assert (before.guide("").net_sales, before.guide("g1").net_sales) == (700, 12000)

    moved = _reattributed(device, sale, "g2", datetime.now(UTC))
    assert push(hq_server, device, moved)[0]["status"] == "accepted"
    assert push(hq_server, device, moved)[0]["status"] == "duplicate"
    after = store_kpis(hq_server.engine, device.store_id, today)
    assert after.guide("") is None and after.guide("g2").net_sales == 700
    assert (after.guide("g2").sales, after.guide("g2").units) == (1, 2)
    assert after.total.sales == 1 and after.total.net_sales == 12700

    other = hq_server.register("S02", "T01")
    stolen = _reattributed(other, sale, "g9", datetime.now(UTC))
    assert push(hq_server, other, stolen)[0]["status"] == "conflict"


def test_the_latest_target_of_a_month_wins(hq_server: HQServer):
    device = hq_server.register()
    now = datetime.now(UTC)

    def target(fen: int, at: datetime) -> dict:
        return event("guide.target_set", "g1", {
            "store_id": device.store_id, "guide_id": "g1", "month": "2026-12",
            "net_sales_target": fen, "set_by": "m1", "set_at": at.isoformat()})

    push(hq_server, device, target(500000, now), target(300000, now - timedelta(hours=1)))
    month = store_kpis(hq_server.engine, device.store_id, Period.month(2026, 12))
    assert month.total.target == 500000  # the older one, pushed later, changed nothing
    push(hq_server, device, target(800000, now + timedelta(hours=1)))
    assert store_kpis(hq_server.engine, device.store_id,
                      Period.month(2026, 12)).total.target == 800000
