"""Rows of the per-store-region `members` stream: a member, its identifiers and coupons, or
the redirect a merged member's tombstone carries."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from sync.contract.fields import Strict


class MemberIdentifierData(Strict):
    kind: Literal["phone", "card", "openid", "unionid", "eshop"]
    value: str = Field(min_length=1, max_length=128)


CouponKind = Literal["amount_off", "percent_off", "gift", "bogo"]


class CouponData(Strict):
    """An open coupon issued to a member, as carried in its `members` row. `value` is fen
    for amount_off, permille for percent_off, 0 for gift/bogo."""

    id: str
    code: str
    campaign: str = ""
    kind: CouponKind
    title: str
    value: int = 0
    min_spend: int = 0
    valid_from: str  # ISO-8601 UTC
    valid_until: str


class MemberData(Strict):
    """`members` stream row (per store region, key = member id): HQ's member, its
    identifiers, its authoritative points balance (never negative), the points it owes
    (`points_debt`: flagged overdrafts) and its open coupons.

    A member HQ merged into another arrives as a tombstone (`op: delete`) whose data is
    `MemberRedirect`; `merged_into` is set here only in search answers of merged ids (never)."""

    id: str
    name: str
    phone: str | None = None
    card_no: str | None = None
    birthday: str | None = None
    gender: str = ""
    tier: Literal["regular", "silver", "gold", "diamond"] = "regular"
    tags: list[str] = Field(default_factory=list)
    home_store_id: str | None = None
    owner_guide_id: str | None = None
    enrolled_by: str | None = None
    consent: bool = False
    marketing_consent: bool = False  # messages and offers: its own opt-in (PIPL)
    points_balance: int = Field(default=0, ge=0)
    points_debt: int = Field(default=0, ge=0)
    identifiers: list[MemberIdentifierData] = Field(default_factory=list)
    coupons: list[CouponData] = Field(default_factory=list)
    merged_into: str | None = None
    created_at: str
    updated_at: str


class MemberRedirect(Strict):
    """Data of a `members` tombstone: the member `key` was merged into `merged_into`."""

    merged_into: str = Field(min_length=1, max_length=64)
