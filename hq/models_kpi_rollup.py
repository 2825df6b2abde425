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

COUNTS = ("gross_sales", "returns_amount", "sales", "units", "member_sales", "tracked_lines",
          "tracked_coded", "returns", "return_units", "returns_without_receipt", "new_members",
          "points_issued", "coupons_redeemed", "gift_redemptions", "gifts_with_code",
          "overrides", "exceptions")


def _big() -> Column:
    return Column(BigInteger, nullable=False, server_default="0")


class KpiDay(HQModel, table=True):
    __tablename__ = "kpi_day"
    __table_args__ = (Index("ix_kpi_day_day", "day"),)
    store_id: str = Field(primary_key=True, max_length=64)
    day: date = Field(primary_key=True)
    guide_id: str = Field(primary_key=True, max_length=64)  # "" no guide, "*" the store
    gross_sales: int = Field(default=0, sa_column=_big())
    returns_amount: int = Field(default=0, sa_column=_big())
    sales: int = Field(default=0, sa_column=_big())
    units: int = Field(default=0, sa_column=_big())
    member_sales: int = Field(default=0, sa_column=_big())
    tracked_lines: int = Field(default=0, sa_column=_big())
    tracked_coded: int = Field(default=0, sa_column=_big())
    returns: int = Field(default=0, sa_column=_big())
    return_units: int = Field(default=0, sa_column=_big())
    returns_without_receipt: int = Field(default=0, sa_column=_big())
    new_members: int = Field(default=0, sa_column=_big())
    points_issued: int = Field(default=0, sa_column=_big())
    coupons_redeemed: int = Field(default=0, sa_column=_big())
    gift_redemptions: int = Field(default=0, sa_column=_big())
    gifts_with_code: int = Field(default=0, sa_column=_big())
    overrides: int = Field(default=0, sa_column=_big())
    exceptions: int = Field(default=0, sa_column=_big())


class KpiDirty(HQModel, table=True):
    """A store-day to roll up again; `token` changes at every mark, so a refresh that read
    the events before a later push committed leaves that push's mark in place."""

    __tablename__ = "kpi_dirty"
    store_id: str = Field(primary_key=True, max_length=64)
    day: date = Field(primary_key=True)
    token: str = Field(max_length=64)
