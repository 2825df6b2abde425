"""HQ's guide KPI rollup (issue 19-C): per store × local day × guide, the additive counts
pos_app.domain.kpis.compute derives every figure from, so every store's month is a GROUP BY
over ~100 × 31 × 31 small rows instead of every sale line of the month.

`kpi_day` holds `compute(Period.day(d), facts of that store-day)` as plain sums (the store's
total under guide "*", since a sale two guides share counts once for the store). `kpi_dirty`
lists the store-days whose events changed since they were rolled up: a push marks them in
its own transaction, a read refreshes them from the events (hq/kpis/rollup.py). Same
MetaData as hq.models.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import BigInteger, Column, Index
from sqlmodel import Field

from hq.models_base import HQModel
from pos_app.domain.kpis import COUNTS


def _big() -> Column:
    return Column(BigInteger, nullable=False, server_default="0")


# One BIGINT column per count of pos_app.domain.kpis.COUNTS (GuideKpis' own list), so a
# figure added to the domain is a column here without a second list to keep in step (its
# migration still adds it: migrations are history, written out in full).
KpiDay = type(HQModel)(
    "KpiDay", (HQModel,), {
        "__module__": __name__,
        "__doc__": "One store's day, one guide ('' no guide, '*' the store): its counts.",
        "__tablename__": "kpi_day",
        "__table_args__": (Index("ix_kpi_day_day", "day"),),
        "__annotations__": {"store_id": str, "day": date, "guide_id": str,
                            **dict.fromkeys(COUNTS, int)},
        "store_id": Field(primary_key=True, max_length=64),
        "day": Field(primary_key=True),
        "guide_id": Field(primary_key=True, max_length=64),
        **{c: Field(default=0, sa_column=_big()) for c in COUNTS},
    }, table=True)


class KpiDirty(HQModel, table=True):
    """A store-day to roll up again; `token` changes at every mark, so a refresh that read
    the events before a later push committed leaves that push's mark in place."""

    __tablename__ = "kpi_dirty"
    store_id: str = Field(primary_key=True, max_length=64)
    day: date = Field(primary_key=True)
    token: str = Field(max_length=64)
