"""The terminal's member tables (PRODUCT §4), registered on local_db.models' metadata.

HQ is authoritative for members; the terminal holds its store's region plus members it
looked up online, and its own provisional enrolments until HQ confirms or merges them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from local_db.ids import new_id, utcnow


class Member(SQLModel, table=True):
    """A customer of the brand (PRODUCT §4); HQ is authoritative, the terminal holds its region.

    `provisional`: enrolled on this terminal and not yet confirmed by HQ. `merged_into`: HQ
    merged this member into another; look-ups follow it. Name search goes through the FTS5
    table `member_fts` (migration 0005; rows written by pos_app.services.members_search).
    """

    id: str = Field(default_factory=new_id, primary_key=True)
    name: str
    phone: str | None = Field(default=None, unique=True, max_length=20)
    card_no: str | None = Field(default=None, unique=True, max_length=64)
    birthday: str | None = None  # ISO date
    gender: str = ""
    tier: str = "regular"  # regular | silver | gold | diamond
    tags: str = "[]"  # JSON list of strings
    home_store_id: str | None = None  # HQ store id (no FK: other stores are not all local)
    owner_guide_id: str | None = None  # staff id of the guide owning the relationship
    enrolled_by: str | None = None  # staff id
    consent: bool = False  # the membership terms (PIPL: an active opt-in, never pre-ticked)
    marketing_consent: bool = False  # messages and offers: a separate opt-in (migration 0009)
    points_balance: int = 0  # HQ's last known balance (never negative)
    points_debt: int = 0  # points HQ flagged as owed (offline overdrafts); for managers
    provisional: bool = True
    merged_into: str | None = Field(default=None, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)

    # A guide's customers (the owning guide, else the enrolling one) in list order: the
    # clienteling lists read this range (migration 0021).
    __table_args__ = (Index("ix_member_guide", text("coalesce(owner_guide_id, enrolled_by)"),
                            "name", "id", "birthday", "created_at",
                            sqlite_where=text("merged_into IS NULL")),)


class MemberIdentifier(SQLModel, table=True):
    """One member, many identifiers: phone | card | openid | unionid | eshop."""

    __tablename__ = "member_identifier"
    id: str = Field(default_factory=new_id, primary_key=True)
    member_id: str = Field(foreign_key="member.id", index=True)
    kind: str = Field(max_length=16)
    value: str = Field(max_length=128)

    __table_args__ = (UniqueConstraint("kind", "value"),)


class PointsEntry(SQLModel, table=True):
    """A local points delta; `pending` until HQ confirms it (balance = HQ's + pending)."""

    __tablename__ = "points_entry"
    id: str = Field(default_factory=new_id, primary_key=True)
    member_id: str = Field(foreign_key="member.id", index=True)
    sale_id: str | None = Field(default=None, index=True)
    return_id: str | None = None
    delta: int
    reason: str = ""
    created_at: datetime = Field(default_factory=utcnow)
    status: str = "pending"  # pending | confirmed


class MemberCoupon(SQLModel, table=True):
    """An open coupon HQ issued to a member, as carried in the member's stream row; replaced
    whole on every upsert of that member, moved with it on a merge. Redemption (PRODUCT §5)
    records its own rows; this table is what the profile shows."""

    __tablename__ = "member_coupon"
    id: str = Field(primary_key=True)  # HQ's coupon id
    member_id: str = Field(foreign_key="member.id", index=True)
    code: str = Field(max_length=16, index=True)
    campaign: str = ""
    kind: str = Field(max_length=16)  # amount_off | percent_off | gift | bogo
    title: str
    value: int = 0  # fen (amount_off) or permille (percent_off)
    min_spend: int = 0  # fen
    valid_from: datetime
    valid_until: datetime
