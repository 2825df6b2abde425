"""HQ tables of guide KPIs (issue 19): the re-attributions and targets tills pushed.

`line_attribution`: one row per `line.reattributed` event (its attribution id, so a replay
is a no-op); a line counts for the guide of its latest row (`at`, then id), as on the till.
`guide_target`: the latest target per (store, guide, month). Same MetaData as hq.models.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Column, Index
from sqlmodel import Field

from hq.models_base import UTC_TS, HQModel, utcnow


class LineAttribution(HQModel, table=True):
    __tablename__ = "line_attribution"
    __table_args__ = (Index("ix_line_attribution_line_at", "sale_line_id", "at", "id"),)
    id: str = Field(primary_key=True, max_length=64)
    event_id: str = Field(max_length=64)
    store_id: str = Field(max_length=64, index=True)
    terminal_id: str = Field(max_length=64)
    sale_id: str = Field(max_length=64)
    sale_line_id: str = Field(max_length=64)
    guide_id: str = Field(default="", max_length=64)  # "" = no guide
    from_guide_id: str = Field(default="", max_length=64)
    by: str = Field(max_length=64)
    asked_by: str | None = Field(default=None, max_length=64)
    at: datetime = Field(sa_type=UTC_TS)
    reason: str = Field(default="", max_length=200)
    received_at: datetime = Field(default_factory=utcnow, sa_type=UTC_TS)


class GuideTarget(HQModel, table=True):
    __tablename__ = "guide_target"
    store_id: str = Field(primary_key=True, max_length=64)
    guide_id: str = Field(primary_key=True, max_length=64)
    month: str = Field(primary_key=True, max_length=7)
    net_sales_target: int = Field(sa_column=Column(BigInteger, nullable=False))
    set_by: str = Field(max_length=64)
    set_at: datetime = Field(sa_type=UTC_TS)
