"""HQ tables of campaigns (issue 16): what HQ staff author and the `promotions` stream sends.

Same MetaData as hq.models (which imports this module, so the migrations see the tables).
A campaign's rules are kept as the JSON the domain parser reads (`campaign_rule.body`, one
rule of docs/promotions.md's format): that text is what the tills price with, so it is the
truth; kind, priority, group and stackable are copies for listing. Windows are store-local
(naive) times, as in the rules format; created/updated/ended are UTC instants.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, DateTime, Integer, Text
from sqlmodel import Field

from hq.models_base import UTC_TS, HQModel, utcnow

LOCAL_TS = DateTime(timezone=False)  # a store-local wall-clock time


class Campaign(HQModel, table=True):
    id: str = Field(primary_key=True, max_length=64)  # no "/": rule ids are "<campaign>/<rule>"
    name: str = Field(max_length=200)
    starts_at: datetime | None = Field(default=None, sa_type=LOCAL_TS)
    ends_at: datetime | None = Field(default=None, sa_type=LOCAL_TS)
    stores: str = Field(default="[]", sa_column=Column(Text, nullable=False))  # JSON store ids
    members_only: bool = False
    member_tiers: str = Field(default="[]", sa_column=Column(Text, nullable=False))  # JSON
    # A share of members (per mille, by a stable hash of the member id) who get no benefit,
    # so the ROI report can compare their spend with the treated members'.
    holdout_permille: int = Field(default=0, sa_column=Column(Integer, nullable=False,
                                                               server_default="0"))
    status: str = Field(default="active", max_length=8)  # active | ended
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTC_TS)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTC_TS)
    ended_at: datetime | None = Field(default=None, sa_type=UTC_TS)


class CampaignRule(HQModel, table=True):
    __tablename__ = "campaign_rule"
    campaign_id: str = Field(foreign_key="campaign.id", primary_key=True, max_length=64)
    rule_id: str = Field(primary_key=True, max_length=64)
    kind: str = Field(max_length=32)
    priority: int = 1
    rule_group: str | None = Field(default=None, max_length=64)  # the exclusivity group
    stackable: bool = True
    body: str = Field(sa_column=Column(Text, nullable=False))  # the rule's JSON
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTC_TS)
