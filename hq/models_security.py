"""HQ tables of the security hardening (issue 13): held merges and the personal-data audit.

Same MetaData as hq.models. `member_merge_hold` is a merge HQ would not decide alone: a
till-made record claiming an identifier of a member HQ already knew (`shopfloor-hq admin
merges pending|approve|reject`). `member_access` is one row per online look-up or purchase
history read by a till (who asked, how, what came back: ids only, never the query text);
it is also what the per-device quotas count.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, Text
from sqlmodel import Field

from hq.models_base import UTC_TS, BigId, HQModel, utcnow


class MemberMergeHold(HQModel, table=True):
    __tablename__ = "member_merge_hold"
    id: int | None = Field(
        default=None, sa_column=Column(BigId, primary_key=True, autoincrement=True)
    )
    member_id: str = Field(max_length=64, index=True)  # the till-made record (loser if approved)
    target_id: str = Field(max_length=64, index=True)  # the member HQ already had
    kinds: str = Field(default="", max_length=64)  # identifier kinds shared, e.g. "phone"
    event_id: str = Field(max_length=64)
    device_id: str = Field(max_length=64)
    store_id: str = Field(max_length=64)
    status: str = Field(default="pending", max_length=16)  # pending | approved | rejected
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTC_TS)
    decided_at: datetime | None = Field(default=None, sa_type=UTC_TS)


class MemberAccess(HQModel, table=True):
    __tablename__ = "member_access"
    id: int | None = Field(
        default=None, sa_column=Column(BigId, primary_key=True, autoincrement=True)
    )
    device_id: str = Field(max_length=64)
    store_id: str = Field(max_length=64)
    action: str = Field(max_length=16)  # search | purchases
    how: str = Field(max_length=16)  # id | identifier | name_last4 | refused | throttled
    member_ids: str = Field(default="[]", sa_column=Column(Text, nullable=False,
                                                           server_default="[]"))
    at: datetime = Field(default_factory=utcnow, sa_type=UTC_TS)

    __table_args__ = (Index("ix_member_access_device_at", "device_id", "at"),)
