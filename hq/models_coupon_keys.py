"""HQ's coupon signing keys (issue 17): Ed25519 key pairs, the private half encrypted.

Same MetaData as hq.models (which imports this module, so the migrations see the table).
The private key is AES-256-GCM-encrypted with a secret from HQ's environment
(hq/coupons/keys.py says why), so a database dump or backup alone cannot sign a coupon.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text
from sqlmodel import Field

from hq.models_base import UTC_TS, HQModel, utcnow


class CouponSigningKey(HQModel, table=True):
    __tablename__ = "coupon_signing_key"
    key_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})  # 1-255
    public_key: str = Field(max_length=64)  # raw Ed25519 public key, hex
    # base64(nonce ‖ AES-GCM ciphertext) of the raw private key; '' once retired (wiped)
    private_enc: str = Field(default="", sa_column=Column(Text, nullable=False))
    status: str = Field(default="active", max_length=10)  # active | retired
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTC_TS)
    retired_at: datetime | None = Field(default=None, sa_type=UTC_TS)
