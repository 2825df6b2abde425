"""HQ's apply of the till's guide KPI events over HTTP: a re-attribution moves the line's
figures (a replay changes nothing, a line of another store is a conflict), and the latest
target of a guide's month wins."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from hq import admin
from hq import models as m
from hq.kpis.report import store_kpis
from pos_app.domain.kpis import Period, local_day
from tests.hq.builders import event, new_id, push, sale_event, shift_opened_event
from tests.hq.kpis.staff import hire
from tests.hq.server import HQServer


def _reattributed(device, sale: dict, guide: str, at: datetime, by: str) -> dict:
    line = sale["payload"]["lines"][0]  # the colas, sold with no guide
    aid = new_id()
    return event("line.reattributed", aid, {
        "attribution_id": aid, "store_id": device.store_id, "terminal_id": device.terminal_id,
        "sale_id": sale["payload"]["id"], "sale_line_id": line["id"], "guide_id": guide,
        "from_guide_id": "", "by": by, "at": at.isoformat(), "reason": "served by g2"})


def test_a_reattributed_line_counts_for_its_new_guide_once(hq_server: HQServer):
    device = hq_server.register()
    boss, g2 = hire(hq_server, "S01", "manager"), hire(hq_server, "S01", "guide")
    sale = sale_event(device.terminal_id)
    push(hq_server, device, shift_opened_event(device.terminal_id), sale)
    today = Period.day(local_day(datetime.now(UTC)))
    before = store_kpis(hq_server.engine, device.store_id, today)
    assert (before.guide("").net_sales, before.guide("g1").net_sales) == (700, 12000)

    moved = _reattributed(device, sale, g2, datetime.now(UTC), boss)
    assert push(hq_server, device, moved)[0]["status"] == "accepted"
    assert push(hq_server, device, moved)[0]["status"] == "duplicate"
    after = store_kpis(hq_server.engine, device.store_id, today)
    assert after.guide("") is None and after.guide(g2).net_sales == 700
    assert (after.guide(g2).sales, after.guide(g2).units) == (1, 2)
    assert after.total.sales == 1 and after.total.net_sales == 12700

    other = hq_server.register("S02", "T01")
    stolen = _reattributed(other, sale, hire(hq_server, "S02", "guide"), datetime.now(UTC),
                           hire(hq_server, "S02", "manager"))
    assert push(hq_server, other, stolen)[0]["status"] == "conflict"


def test_the_latest_target_of_a_month_wins(hq_server: HQServer):
    device = hq_server.register()
    boss, g1 = hire(hq_server, "S01", "manager"), hire(hq_server, "S01", "guide")
    now = datetime.now(UTC)

    def target(fen: int, at: datetime) -> dict:
        return event("guide.target_set", g1, {
            "store_id": device.store_id, "guide_id": g1, "month": "2026-12",
            "net_sales_target": fen, "set_by": boss, "set_at": at.isoformat()})

    push(hq_server, device, target(500000, now), target(300000, now - timedelta(hours=1)))
    month = store_kpis(hq_server.engine, device.store_id, Period.month(2026, 12))
    assert month.total.target == 500000  # the older one, pushed later, changed nothing
    push(hq_server, device, target(800000, now + timedelta(hours=1)))
    assert store_kpis(hq_server.engine, device.store_id,
                      Period.month(2026, 12)).total.target == 800000


def test_only_an_active_manager_of_the_store_decides_for_its_own_staff(hq_server: HQServer):
    """Review 6: HQ checks whom a KPI decision names, not only which device sent it."""
    device = hq_server.register()
    boss, guide = hire(hq_server, "S01", "manager"), hire(hq_server, "S01", "guide")
    cashier = hire(hq_server, "S01", "cashier")
    hq_server.register("S02", "T01")
    elsewhere_boss, elsewhere_guide = (hire(hq_server, "S02", "manager"),
                                       hire(hq_server, "S02", "guide"))
    sale = sale_event(device.terminal_id)
    push(hq_server, device, shift_opened_event(device.terminal_id), sale)
    now = datetime.now(UTC)

    def target(guide_id: str, by: str) -> dict:
        return event("guide.target_set", guide_id, {
            "store_id": device.store_id, "guide_id": guide_id, "month": "2026-12",
            "net_sales_target": 1000, "set_by": by, "set_at": now.isoformat()})

    refused = {
        "a cashier approves": _reattributed(device, sale, guide, now, cashier),
        "another store's manager": _reattributed(device, sale, guide, now, elsewhere_boss),
        "an unknown approver": _reattributed(device, sale, guide, now, "m1"),
        "another store's guide": _reattributed(device, sale, elsewhere_guide, now, boss),
        "an unknown guide": _reattributed(device, sale, "g9", now, boss),
        "a target set by a guide": target(guide, guide),
        "a target for another store's guide": target(elsewhere_guide, boss),
    }
    for why, ev in refused.items():
        result = push(hq_server, device, ev)[0]
        assert result["status"] == "conflict", (why, result)
        assert ("approval_invalid" in result["reason"]
                or "guide_unknown" in result["reason"]), (why, result)
    today = Period.day(local_day(now))
    kpis = store_kpis(hq_server.engine, device.store_id, today)
    assert kpis.guide("").net_sales == 700 and kpis.total.target is None
    assert store_kpis(hq_server.engine, device.store_id,
                      Period.month(2026, 12)).total.target is None

    admin.set_staff_active(hq_server.engine, _code(hq_server, boss), False)
    late = _reattributed(device, sale, guide, now, boss)  # a manager who has left
    assert push(hq_server, device, late)[0]["status"] == "conflict"
    assert push(hq_server, device, _reattributed(device, sale, "", now, boss))[0][
        "status"] == "conflict"


def _code(hq: HQServer, staff_id: str) -> str:
    with hq.engine.connect() as conn:
        return conn.execute(select(m.Staff.__table__.c.code)
                            .where(m.Staff.__table__.c.id == staff_id)).scalar_one()
