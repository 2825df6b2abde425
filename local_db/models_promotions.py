"""HQ's campaigns as this till holds them (the `promotions` stream, migration 0012).

One row per campaign HQ published to this store: `doc` is the campaign in
docs/promotions.md's rules format (what `rules_from_data` reads), the other columns are
copies for choosing without parsing. `status` is HQ's (`active`, `ended`) or `withdrawn`
(a tombstone: HQ no longer sends it to this store). Rows are kept, not deleted, so a sale's
adjustments can still be named after the campaign stopped.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel

from local_db.ids import utcnow


class PromotionCampaign(SQLModel, table=True):
    __tablename__ = "promotion_campaign"
    id: str = Field(primary_key=True, max_length=64)  # HQ's campaign id
    name: str = ""
    status: str = Field(default="active", max_length=10, index=True)  # active|ended|withdrawn
    starts_at: str | None = None  # store-local ISO 8601, as HQ wrote it
    ends_at: str | None = None
    rule_count: int = 0
    doc: str = Field(sa_column=Column(Text, nullable=False))  # the campaign's rules JSON
    hq_updated_at: str = ""  # HQ's last change (UTC ISO 8601)
    updated_at: datetime = Field(default_factory=utcnow)  # when this till applied it
