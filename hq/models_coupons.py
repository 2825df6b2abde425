"""HQ tables of coupons (issue 17): definitions inside campaigns, each redemption a till made
(online through POST /v1/coupons/redeem, or offline in a pushed `coupon.redeemed`), and the
stored answers that make the claim and redeem APIs idempotent.

Same MetaData as hq.models (which imports this module, so the migrations see the tables).
Instances are hq.models_members.Coupon (issued to a member), extended with the definition
they came from, their signed SFC1 code and how they reached the member.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Column, Index, Text, text
from sqlmodel import Field

from hq.models_base import UTC_TS, HQModel, utcnow


class CouponDefinition(HQModel, table=True):
    """A coupon a campaign hands out: amount_off (value fen, with min_spend), percent_off
    (value permille), gift (gift_product_id, one unit), bogo (product_ids JSON). stores is a
    JSON list of store ids (empty: every store); per_member_limit 0 and total_quantity 0
    mean no limit; issued counts instances made (stock). offline: deny | allow | allow_under
    (a coupon worth at most offline_under fen may be redeemed offline)."""

    __tablename__ = "coupon_definition"
    id: str = Field(primary_key=True, max_length=64)
    campaign_id: str = Field(foreign_key="campaign.id", index=True, max_length=64)
    kind: str = Field(max_length=16)
    title: str = Field(max_length=200)
    value: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    min_spend: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    gift_product_id: str | None = Field(default=None, max_length=64)
    product_ids: str = Field(default="[]", sa_column=Column(Text, nullable=False))
    stores: str = Field(default="[]", sa_column=Column(Text, nullable=False))
    valid_from: datetime = Field(sa_type=UTC_TS)
    valid_until: datetime = Field(sa_type=UTC_TS)
    per_member_limit: int = 1
    total_quantity: int = 0
    issued: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    offline: str = Field(default="deny", max_length=16)
    offline_under: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTC_TS)


class CouponRedemption(HQModel, table=True):
    """One redemption a till made. status: accepted (the coupon's one redemption) | conflict
    (a later offline one; the first is the accepted row) | released (given back before
    payment). id is the till's redemption id (its idempotency key)."""

    __tablename__ = "coupon_redemption"
    # A coupon has at most one accepted redemption, whatever the code path (the database's
    # word, beside the conditional update of coupon.status that decides the race).
    __table_args__ = (Index("uq_coupon_redemption_accepted", "coupon_id", unique=True,
                            sqlite_where=text("status = 'accepted'"),
                            postgresql_where=text("status = 'accepted'")),)
    id: str = Field(primary_key=True, max_length=64)
    coupon_id: str = Field(foreign_key="coupon.id", index=True, max_length=64)
    device_id: str = Field(max_length=64)
    store_id: str = Field(max_length=64, index=True)
    terminal_id: str = Field(max_length=64)
    status: str = Field(max_length=16)
    online: bool = False
    confirmed: bool = False  # the till's coupon.redeemed event arrived
    code_kind: str = Field(max_length=8)
    sale_id: str | None = Field(default=None, max_length=64)
    gift_redemption_id: str | None = Field(default=None, max_length=64)
    receipt_no: str = Field(default="", max_length=200)
    member_id: str | None = Field(default=None, max_length=64)
    guide_id: str | None = Field(default=None, max_length=64)
    product_id: str | None = Field(default=None, max_length=64)
    unit_code: str | None = Field(default=None, max_length=120)
    redeemed_at: datetime = Field(sa_type=UTC_TS)
    received_at: datetime = Field(default_factory=utcnow, sa_type=UTC_TS)
    event_id: str | None = Field(default=None, max_length=64)


class CouponAnswer(HQModel, table=True):
    """The first answer to a claim or redeem request, kept under (scope, caller, key) so the
    same idempotency key gets it again; request_hash tells a reused key from a retry."""

    __tablename__ = "coupon_answer"
    scope: str = Field(primary_key=True, max_length=8)  # claim | redeem | release
    caller: str = Field(primary_key=True, max_length=64)  # device id or admin token digest
    key: str = Field(primary_key=True, max_length=64)
    request_hash: str = Field(max_length=64)
    answer: str = Field(sa_column=Column(Text, nullable=False))  # the response's JSON
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTC_TS)
