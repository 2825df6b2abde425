"""Rows of the `coupon_keys` stream: the public keys HQ signs coupon codes with (issue 17).

A till verifies a scanned coupon offline with every key HQ still honours. Retiring a key is
an upsert with status `retired`, never a tombstone, so the till learns the key's fate (and
says "retired key", not "unknown key") and stops verifying with it on that pull. Only the
public key travels; the private key never leaves HQ.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from sync.contract.fields import Strict

KeyStatus = Literal["active", "retired"]


class CouponKeyData(Strict):
    """`coupon_keys` stream row (key = str(key_id))."""

    key_id: int = Field(ge=1, le=255)  # as in the code's payload
    public_key: str  # raw Ed25519 public key, 64 lower-case hex digits
    status: KeyStatus = "active"
    created_at: str = ""  # UTC ISO 8601
    retired_at: str | None = None  # UTC ISO 8601
    updated_at: str = ""  # UTC ISO 8601, HQ's last change

    @field_validator("public_key")
    @classmethod
    def _raw_ed25519(cls, value: str) -> str:
        if len(value) != 64 or any(ch not in "0123456789abcdef" for ch in value):
            raise ValueError("an Ed25519 public key is 64 lower-case hex digits")
        return value
