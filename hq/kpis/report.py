"""One store's guide KPIs at HQ for a period: HQ's facts (queries.py) through the till's own
definition (pos_app.domain.kpis.compute), with the store's staff names and targets."""

from __future__ import annotations

from datetime import tzinfo

from sqlalchemy import Engine, select

from hq import models as m
from hq.kpis.queries import load_facts
from hq.policy import store_tz
from pos_app.domain.kpis import Period, StoreKpis, compute

STAFF, TARGET = m.Staff.__table__, m.GuideTarget.__table__


def store_kpis(engine: Engine, store_id: str, period: Period,
               tz: tzinfo | None = None) -> StoreKpis:
    """`tz` defaults to hq.policy.store_tz(), the Z view's calendar too."""
    with engine.connect() as conn:
        facts = load_facts(conn, store_id, period, tz or store_tz())
        names: dict[str, str] = {}
        guides: list[str] = []
        for sid, name, role, active in conn.execute(select(
                STAFF.c.id, STAFF.c.name, STAFF.c.role, STAFF.c.active)
                .where(STAFF.c.store_id == store_id)):
            names[sid] = name
            if active and role == "guide":
                guides.append(sid)
        targets: dict[str, int] = {}
        if period.kind == "month":
            targets = {g: int(t) for g, t in conn.execute(
                select(TARGET.c.guide_id, TARGET.c.net_sales_target).where(
                    TARGET.c.store_id == store_id, TARGET.c.month == period.month_key))}
    return compute(period, facts, store_id, names, targets, guides)
