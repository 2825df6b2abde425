"""Coupon definitions as this till holds them (the `coupon_definitions` stream, issue 17),
registered on local_db.models: what each coupon of a campaign is and its offline policy,
found offline from a signed code's campaign ref and kind (and gift ref)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel

from local_db.ids import utcnow


class CouponDefinition(SQLModel, table=True):
    __tablename__ = "coupon_definition"
    id: str = Field(primary_key=True, max_length=64)
    campaign_id: str = Field(max_length=64)
    campaign_ref: str = Field(max_length=8, index=True)  # as in the signed code
    kind: str = Field(max_length=16)
    gift_ref: str | None = Field(default=None, max_length=12)
    offline: str = Field(default="deny", max_length=16)  # deny | allow | allow_under
    offline_under: int = 0  # fen
    valid_until: str = ""  # UTC ISO 8601
    data: str = Field(sa_column=Column(Text, nullable=False))  # the stream row's JSON
    updated_at: datetime = Field(default_factory=utcnow)
