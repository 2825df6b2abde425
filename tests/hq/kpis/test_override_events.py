"""HQ's apply of `override.approved` over HTTP (issue 19): a manager's approval counts once
for the person who asked, on the local day of the till's audit row — a replay, or the same
audit row pushed again under another event id, changes nothing; another terminal's row is
refused, and so is an approver HQ does not know as an active manager of the store, or an
asker not of its staff; the rollup (every store at once) counts it like the raw
computation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from hq import models as m
from hq.kpis.across import stores_kpis
from hq.kpis.report import store_kpis
from pos_app.domain.kpis import Period, local_day
from tests.hq.builders import event, new_id, push
from tests.hq.kpis.staff import hire
from tests.hq.server import HQServer


def _approved(device, asked_by: str, at: datetime, approver: str, row_id: str | None = None,
              terminal_id: str | None = None) -> dict:
    row = row_id or new_id()
    return event("override.approved", row, {
        "id": row, "at": at.isoformat(), "terminal_id": terminal_id or device.terminal_id,
        "action": "change_price", "asked_by": asked_by, "approver": approver,
        "entity_id": "line-1", "before": 350, "after": 300, "reason": "scratched",
        "method": "pin"})


def _overrides(hq_server: HQServer, store_id: str, period: Period) -> dict[str, int]:
    kpis = store_kpis(hq_server.engine, store_id, period)
    return {g.guide_id: g.overrides for g in kpis.guides if g.overrides} | {
        "*": kpis.total.overrides}


def test_an_override_counts_once_for_who_asked_on_its_own_day(hq_server: HQServer):
    device = hq_server.register()
    boss, g1, c1 = (hire(hq_server, "S01", role) for role in ("manager", "guide", "cashier"))
    now = datetime.now(UTC)
    today, yesterday = (Period.day(local_day(now)),
                        Period.day(local_day(now - timedelta(days=1))))
    first = _approved(device, g1, now, boss)
    assert push(hq_server, device, first)[0]["status"] == "accepted"
    assert push(hq_server, device, first)[0]["status"] == "duplicate"  # a retry
    again = _approved(device, g1, now, boss, row_id=first["entity_id"])  # a new event id
    assert push(hq_server, device, again)[0]["status"] == "accepted"
    assert _overrides(hq_server, device.store_id, today) == {g1: 1, "*": 1}

    # an approval made yesterday and pushed today counts for yesterday, as on the till
    late = _approved(device, c1, now - timedelta(days=1), boss)
    assert push(hq_server, device, late)[0]["status"] == "accepted"
    assert _overrides(hq_server, device.store_id, yesterday) == {c1: 1, "*": 1}
    assert _overrides(hq_server, device.store_id, today) == {g1: 1, "*": 1}

    forged = _approved(device, g1, now, boss, terminal_id="another-terminal")
    assert push(hq_server, device, forged)[0]["status"] == "rejected"
    elsewhere = hire(hq_server, "S02", "manager")
    for who, approver, why in ((g1, g1, "approval_invalid"), (g1, elsewhere, "approval_invalid"),
                               ("made-up", boss, "staff_unknown")):
        res = push(hq_server, device, _approved(device, who, now, approver))[0]
        assert res["status"] == "conflict" and why in res["reason"], res
    with hq_server.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(
            m.OverrideApproval.__table__)).scalar() == 2

    week = Period.custom(yesterday.start, today.end)
    (rolled,) = stores_kpis(hq_server.engine, week, [device.store_id])
    raw = store_kpis(hq_server.engine, device.store_id, week)
    assert rolled.total.overrides == raw.total.overrides == 2
    assert {g.guide_id: g.overrides for g in rolled.guides if g.overrides} == \
        {g.guide_id: g.overrides for g in raw.guides if g.overrides} == {g1: 1, c1: 1}
