"""HQ's table of the overrides tills pushed (`override.approved`, issue 19): one row per
approval audit row of a till, under that row's id (a replay is a no-op). The guide KPIs
count them for `asked_by` on the local day of `at`, as the till counts its audit rows.
Same MetaData as hq.models.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Column, Index
from sqlmodel import Field

from hq.models_base import UTC_TS, HQModel, utcnow


class OverrideApproval(HQModel, table=True):
    __tablename__ = "override_approval"
    __table_args__ = (Index("ix_override_approval_store_at", "store_id", "at"),)
    id: str = Field(primary_key=True, max_length=64)  # the till's audit row id
    event_id: str = Field(max_length=64)
    store_id: str = Field(max_length=64)
    terminal_id: str = Field(max_length=64)
    at: datetime = Field(sa_type=UTC_TS)
    action: str = Field(max_length=64)
    asked_by: str = Field(max_length=64)
    approver: str = Field(max_length=64)
    entity_id: str = Field(default="", max_length=200)
    before: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    after: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    reason: str = Field(default="", max_length=200)
    method: str = Field(default="pin", max_length=16)
    received_at: datetime = Field(default_factory=utcnow, sa_type=UTC_TS)
