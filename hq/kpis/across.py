"""Every store's guide KPIs at once from the rollup (issue 19-C): one GROUP BY over
kpi_day for the period (after rolling up the period's marked days), then each store's
`StoreKpis` assembled from the sums exactly as pos_app.domain.kpis.compute assembles it from
facts — every figure is a sum of per-day counts (a sale and a return belong to one day, the
store's row counts each once), so the sum of the days' figures is the period's figure.
tests/hq/kpis/test_rollup.py holds it to `store_kpis` (the raw computation) field by field.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import Engine, func, select

from hq import models as m
from hq.db import writer
from hq.kpis.rollup import STORE_ROW, _as_date, refresh
from pos_app.domain.kpis import COUNTS, NO_GUIDE, STORE, GuideKpis, Period, StoreKpis

DAY, STAFF, TARGET, STORE_T = (m.KpiDay.__table__, m.Staff.__table__, m.GuideTarget.__table__,
                               m.Store.__table__)


def stores_kpis(engine: Engine, period: Period,
                stores: list[str] | None = None) -> list[StoreKpis]:
    """The period's figures of `stores` (ids; None: every store HQ knows), ordered by store
    code. The store's calendar is hq.policy.store_tz() (the rollup's days)."""
    with writer(engine).begin() as conn:
        refresh(conn, period, stores)
    with engine.connect() as conn:
        q = select(STORE_T.c.id, STORE_T.c.code).order_by(STORE_T.c.code)
        if stores is not None:
            q = q.where(STORE_T.c.id.in_(stores))
        order = [sid for sid, _code in conn.execute(q)]
        wanted = set(order)
        inside = [DAY.c.day >= period.start, DAY.c.day <= period.end]
        sums = conn.execute(
            select(DAY.c.store_id, DAY.c.guide_id, *(func.sum(DAY.c[c]) for c in COUNTS))
            .where(*inside).group_by(DAY.c.store_id, DAY.c.guide_id)).all()
        daily = conn.execute(select(DAY.c.store_id, DAY.c.day, DAY.c.gross_sales
                                    - DAY.c.returns_amount)
                             .where(*inside, DAY.c.guide_id == STORE_ROW)).all()
        names: dict[str, dict[str, str]] = defaultdict(dict)
        guides: dict[str, list[str]] = defaultdict(list)
        for store_id, sid, name, role, active in conn.execute(select(
                STAFF.c.store_id, STAFF.c.id, STAFF.c.name, STAFF.c.role, STAFF.c.active)):
            names[store_id][sid] = name
            if active and role == "guide":
                guides[store_id].append(sid)
        targets: dict[str, dict[str, int]] = defaultdict(dict)
        if period.kind == "month":
            for store_id, g, t in conn.execute(select(
                    TARGET.c.store_id, TARGET.c.guide_id, TARGET.c.net_sales_target)
                    .where(TARGET.c.month == period.month_key)):
                targets[store_id][g] = int(t)
    per_store: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for row in sums:
        per_store[row[0]].append(row[1:])
    days: dict[str, dict[date, int]] = defaultdict(dict)
    for store_id, d, net in daily:
        days[store_id][_as_date(d)] = int(net)
    return [_assemble(period, s, per_store.get(s, []), days.get(s, {}), names.get(s, {}),
                      targets.get(s, {}), guides.get(s, []))
            for s in order if s in wanted]


def coded(engine: Engine, period: Period) -> list[tuple[str, StoreKpis]]:
    """[(store code, its report)] of every store, by code."""
    with engine.connect() as conn:
        codes = dict(conn.execute(select(STORE_T.c.id, STORE_T.c.code)).all())
    return [(codes[k.store_id], k) for k in stores_kpis(engine, period)]


def _assemble(period: Period, store_id: str, rows: list[tuple[Any, ...]],
              days: dict[date, int], names: dict[str, str], targets: dict[str, int],
              guides: list[str]) -> StoreKpis:
    """As compute() does: a row per guide with figures (and per active guide), the store's
    total, "no guide" ranked last, a month's targets, the daily trend over every day."""
    by_guide: dict[str, GuideKpis] = {}
    total = GuideKpis(STORE)
    for guide_id, *counts in rows:
        target = total if guide_id == STORE_ROW else by_guide.setdefault(
            guide_id, GuideKpis(guide_id, names.get(guide_id, ""),
                                target=targets.get(guide_id)))
        for c, v in zip(COUNTS, counts, strict=True):
            setattr(target, c, int(v or 0))
    for g in guides:
        by_guide.setdefault(g, GuideKpis(g, names.get(g, ""), target=targets.get(g)))
    for g in by_guide.values():
        g.exceptions = 0  # the store's row only, as compute() keeps it
    if period.kind == "month":
        total.target = sum(targets.values()) or None
    ranked = sorted(by_guide.values(), key=lambda g: (g.guide_id == NO_GUIDE, -g.net_sales,
                                                      g.name, g.guide_id))
    daily = [(d, days.get(d, 0)) for d in period.days()]
    return StoreKpis(period, store_id, ranked, total, daily)
