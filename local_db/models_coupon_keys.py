"""The public keys HQ signs coupons with, as this till holds them (the `coupon_keys` stream,
issue 17), registered on local_db.models.

A till verifies a scanned coupon offline against these keys only (pos_app.domain.coupons).
A key HQ retired stays here as `retired` rather than being deleted: the till then refuses
its coupons as "signed with a retired key", which a cashier can act on, instead of "unknown
key", which only says to sync.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from local_db.ids import utcnow


class CouponKey(SQLModel, table=True):
    __tablename__ = "coupon_key"
    key_id: int = Field(primary_key=True)  # 1-255, as in the code's payload
    public_key: str = Field(max_length=64)  # raw Ed25519 public key, 64 hex digits
    status: str = Field(default="active", max_length=10)  # active | retired
    hq_updated_at: str = ""  # HQ's last change (UTC ISO 8601)
    updated_at: datetime = Field(default_factory=utcnow)  # when this till applied it
