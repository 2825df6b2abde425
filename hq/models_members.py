"""HQ's members (PRODUCT §4); same MetaData as hq.models.

`member` is HQ's authoritative member; a member merged into another keeps its row with
`merged_into` set (its phone/card cleared, its balance moved) so every old id still
resolves. `member_identifier` is the look-up table (phone, card, openid, unionid, eshop).
`points_ledger` is the authoritative points history: `member.points_balance` is always the
sum of its member's balance entries and never negative; `member.points_debt` is the sum of
its `debt` entries (points spent or taken back that the balance could not cover, flagged
for a manager; see docs/sync.md). `coupon` holds coupon instances issued to members.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Column, Text, UniqueConstraint
from sqlmodel import Field

from hq.models_base import UTC_TS, BigId, HQModel, utcnow


class Member(HQModel, table=True):
    id: str = Field(primary_key=True, max_length=64)  # the enrolling terminal's UUID, or HQ's
    name: str = Field(max_length=200)
    phone: str | None = Field(default=None, unique=True, max_length=20)
    card_no: str | None = Field(default=None, unique=True, max_length=64)
    birthday: str | None = Field(default=None, max_length=10)
    gender: str = Field(default="", max_length=16)
    tier: str = Field(default="regular", max_length=16)  # regular | silver | gold | diamond
    tags: str = Field(default="[]", sa_column=Column(Text, nullable=False, server_default="[]"))
    home_store_id: str | None = Field(default=None, max_length=64, index=True)
    owner_guide_id: str | None = Field(default=None, max_length=64)
    enrolled_by: str | None = Field(default=None, max_length=64)
    consent: bool = False  # the membership terms
    marketing_consent: bool = False  # messages and offers: a separate opt-in (PIPL)
    points_balance: int = Field(default=0, sa_column=Column(BigInteger, nullable=False,
                                                            server_default="0"))
    points_debt: int = Field(default=0, sa_column=Column(BigInteger, nullable=False,
                                                         server_default="0"))
    lifetime_spend: int = Field(default=0, sa_column=Column(BigInteger, nullable=False,
                                                            server_default="0"))  # fen
    merged_into: str | None = Field(default=None, max_length=64, index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTC_TS)  # the till's clock
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTC_TS)
    first_seen_at: datetime = Field(default_factory=utcnow, sa_type=UTC_TS)  # HQ's clock


class MemberIdentifier(HQModel, table=True):
    __tablename__ = "member_identifier"
    id: int | None = Field(
        default=None, sa_column=Column(BigId, primary_key=True, autoincrement=True)
    )
    member_id: str = Field(foreign_key="member.id", index=True, max_length=64)
    kind: str = Field(max_length=16)  # phone | card | openid | unionid | eshop
    value: str = Field(max_length=128)

    __table_args__ = (UniqueConstraint("kind", "value"),)


class PointsLedger(HQModel, table=True):
    """One points movement. reason: earned | redeemed | reversed (earned points a return
    takes back) | refunded (redeemed points a return gives back) | debt (the part of a
    redemption or reversal the balance could not cover: counted in `points_debt`, never in
    the balance). A merge moves the entries themselves."""

    __tablename__ = "points_ledger"
    id: int | None = Field(
        default=None, sa_column=Column(BigId, primary_key=True, autoincrement=True)
    )
    member_id: str = Field(foreign_key="member.id", index=True, max_length=64)
    sale_id: str | None = Field(default=None, max_length=64, index=True)
    return_id: str | None = Field(default=None, max_length=64)
    event_id: str | None = Field(default=None, max_length=64)
    delta: int = Field(sa_column=Column(BigInteger, nullable=False))
    reason: str = Field(max_length=16)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTC_TS)


class Coupon(HQModel, table=True):
    """A coupon instance issued to a member (PRODUCT §5). `code` is the 10-character short
    code a person can type (Crockford base32 with a check character). status: open |
    redeemed | void. A merge moves the coupons with the member."""

    id: str = Field(primary_key=True, max_length=64)
    code: str = Field(unique=True, max_length=16)
    member_id: str = Field(foreign_key="member.id", index=True, max_length=64)
    campaign: str = Field(default="", max_length=64)
    kind: str = Field(max_length=16)  # amount_off | percent_off | gift | bogo
    title: str = Field(max_length=200)
    value: int = Field(default=0, sa_column=Column(BigInteger, nullable=False,
                                                   server_default="0"))  # fen or permille
    min_spend: int = Field(default=0, sa_column=Column(BigInteger, nullable=False,
                                                       server_default="0"))  # fen
    valid_from: datetime = Field(sa_type=UTC_TS)
    valid_until: datetime = Field(sa_type=UTC_TS)
    status: str = Field(default="open", max_length=16)
    issued_at: datetime = Field(default_factory=utcnow, sa_type=UTC_TS)
    # issue 17: the definition it came from, its signed SFC1 code, how it reached the member
    definition_id: str | None = Field(default=None, max_length=64, index=True)
    signed_code: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    channel: str = Field(default="admin", max_length=16,  # admin | segment | claim
                         sa_column_kwargs={"server_default": "admin"})
