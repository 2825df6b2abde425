"""Coupons redeemed on this till (PRODUCT §5, issue 17), registered on local_db.models.

One row per coupon this terminal redeemed: UNIQUE(coupon_id) is the terminal's own half of
"one redemption per coupon" (HQ holds the other half across tills), so a second scan of the
same coupon here fails at the database even when HQ is out of reach. A gift redemption links
the unit handed out to its coupon, member, guide and time; a sale's coupon links its sale.
`status`: `redeemed`, or `released` when a sale voided before payment or a return a manager
approved gave the coupon back (the row is deleted then, so the constraint frees the coupon;
the audit log keeps the story).
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from local_db.ids import new_id, utcnow


class CouponRedemption(SQLModel, table=True):
    __tablename__ = "coupon_redemption"
    id: str = Field(default_factory=new_id, primary_key=True)
    coupon_id: str = Field(unique=True, max_length=64)  # HQ's coupon id, from the signed code
    campaign: str = Field(default="", max_length=64)
    kind: str = Field(max_length=16)  # amount_off | percent_off | gift | bogo
    member_id: str = Field(max_length=64, index=True)  # HQ's member id (no FK: not all local)
    store_id: str = Field(foreign_key="store.id")
    staff_id: str = Field(foreign_key="staff.id")  # the guide (gift) or cashier (sale)
    unit_id: str | None = Field(default=None, foreign_key="unit.id", unique=True)
    unit_key: str | None = Field(default=None, max_length=120)
    sale_id: str | None = Field(default=None, foreign_key="sale.id", index=True)
    mode: str = Field(default="offline", max_length=8)  # online | offline (HQ's answer or not)
    slip_no: str = Field(default="", max_length=40)  # the gift slip's number, on its QR
    redeemed_at: datetime = Field(default_factory=utcnow, index=True)
