"""HQ's KPI rollup (issue 19-C) equals the raw computation (hq.kpis.report.store_kpis) for
every store and period, whatever order the events come in, replayed or duplicated: sales on
several days, a return today of a sale 40 days back, that line re-attributed afterwards (its
sale's day and the return's day both move), a member enrolled, a refused event (an
exception). Pushed over HTTP to a real HQ; checked after every push."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from hq.kpis.across import stores_kpis
from hq.kpis.report import store_kpis
from hq.kpis.rollup import rebuild
from hq.models_kpi_rollup import COUNTS
from pos_app.domain.kpis import Period, local_day
from tests.hq.builders import enrol, event, new_id, push, sale_event, shift_opened_event
from tests.hq.kpis.staff import hire
from tests.hq.server import HQServer
from tests.hq.test_value import _return

NOW = datetime.now(UTC)
TODAY = local_day(NOW)


def _sale(device, receipt: str, days_ago: int) -> dict:
    ev = sale_event(device.terminal_id, receipt_no=receipt)
    ev["payload"]["created_at"] = (NOW - timedelta(days=days_ago)).isoformat()
    return ev


def _moved(device, sale: dict, guide: str, line: int = 0, by: str = "") -> dict:
    aid = new_id()
    return event("line.reattributed", aid, {
        "attribution_id": aid, "store_id": device.store_id, "terminal_id": device.terminal_id,
        "sale_id": sale["payload"]["id"], "sale_line_id": sale["payload"]["lines"][line]["id"],
        "guide_id": guide, "from_guide_id": "", "by": by or BOSS[device.store_id],
        "at": NOW.isoformat(),
        "reason": "served by"})


BOSS: dict[str, str] = {}  # store id → its manager's staff id (HQ checks who decided)
GUIDE: dict[str, str] = {}  # g2, g3 (S01), g9 (S02) → their staff ids


def _world(hq: HQServer) -> tuple[list, list[tuple]]:
    """[(device, event)] of two stores (two tills in S01) and the stores' ids."""
    a, b, c = hq.register("S01", "T01"), hq.register("S01", "T02"), hq.register("S02", "T01")
    BOSS.update({a.store_id: hire(hq, "S01", "manager"), c.store_id: hire(hq, "S02", "manager")})
    GUIDE.update(g2=hire(hq, "S01", "guide"), g3=hire(hq, "S01", "guide"),
                 g9=hire(hq, "S02", "guide"))
    old = _sale(a, "S01-T01-000001", 40)
    mid = _sale(b, "S01-T02-000001", 3)
    new = _sale(c, "S02-T01-000001", 0)
    late_return = _return(b, old)  # at the other till of the store, today
    bad = _moved(c, old, GUIDE["g9"])  # another store's line: a conflict, an exception today
    events = [(d, shift_opened_event(d.terminal_id)) for d in (a, b, c)] + [
        (a, old), (b, mid), (c, new), (b, late_return), (a, _moved(a, old, GUIDE["g2"])),
        (b, _moved(b, mid, GUIDE["g3"], 1)),
        (a, enrol("会员", "13100000009", NOW, enrolled_by=GUIDE["g2"])),
        (c, bad)]
    return events, [a.store_id, c.store_id]


def _periods() -> list[Period]:
    return [Period.day(TODAY), Period.week(TODAY), Period.month(TODAY),
            Period.month(TODAY - timedelta(days=40)),
            Period.custom(TODAY - timedelta(days=60), TODAY)]


def _shape(kpis) -> tuple:
    row = lambda g: (g.guide_id, g.name, g.target, *(getattr(g, c) for c in COUNTS))  # noqa: E731
    return ([row(g) for g in kpis.guides], row(kpis.total), kpis.daily)


def _agree(hq: HQServer, stores: list[str]) -> None:
    for period in _periods():
        rolled = {k.store_id: _shape(k) for k in stores_kpis(hq.engine, period)}
        for s in stores:
            assert rolled[s] == _shape(store_kpis(hq.engine, s, period)), (s, period)


ORDERS = ["as sold", "reversed", "shuffled", "each twice", "one batch"]


@pytest.mark.parametrize("order", ORDERS)
def test_the_rollup_is_the_raw_computation_in_any_order(hq_server: HQServer, order: str):
    events, stores = _world(hq_server)
    shifts, rest = events[:3], events[3:]
    for d, ev in shifts:
        push(hq_server, d, ev)
    if order == "reversed":
        rest.reverse()
    elif order == "shuffled":
        random.Random(19).shuffle(rest)
    elif order == "each twice":
        rest = [x for pair in zip(rest, rest, strict=True) for x in pair]
    if order == "one batch":  # per device, one push each
        for d in {id(d): d for d, _ in rest}.values():
            push(hq_server, d, *[ev for dd, ev in rest if dd is d])
            _agree(hq_server, stores)
    else:
        for d, ev in rest:
            push(hq_server, d, ev)
            _agree(hq_server, stores)
    for d, ev in rest:  # a replay of everything changes nothing
        assert push(hq_server, d, ev)[0]["status"] in ("duplicate", "conflict")
    _agree(hq_server, stores)
    if order in ("as sold", "each twice", "one batch"):  # else the return came first: refused
        month = {k.store_id: k for k in stores_kpis(hq_server.engine, Period.month(TODAY))}
        assert month[stores[0]].total.returns == 1  # the late return counts at S01 today
        assert month[stores[0]].guide(GUIDE["g2"]).returns == 1  # for the line's new guide


def test_rebuild_is_idempotent_and_equals_the_raw_computation(hq_server: HQServer):
    events, stores = _world(hq_server)
    for d, ev in events:
        push(hq_server, d, ev)
    with hq_server.engine.begin() as conn:  # a rollup gone wrong: rows lost, none marked
        conn.exec_driver_sql("DELETE FROM kpi_day")
        conn.exec_driver_sql("UPDATE kpi_day SET sales = 99")
        conn.exec_driver_sql("DELETE FROM kpi_dirty")
    first = rebuild(hq_server.engine)
    assert first[0] > 0 and first[1] > 0
    _agree(hq_server, stores)
    with hq_server.engine.connect() as conn:
        rows = sorted(conn.exec_driver_sql("SELECT * FROM kpi_day").all())
    assert rebuild(hq_server.engine)[1] == first[1]
    with hq_server.engine.connect() as conn:
        assert sorted(conn.exec_driver_sql("SELECT * FROM kpi_day").all()) == rows
