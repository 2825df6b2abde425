"""Signed coupon codes verifiable offline (issue 17): the payload, its text form, Ed25519.

Pure: no database, no network. HQ calls `sign` with its private key; a till calls `verify`
with the public keys it pulled (local_db.coupon_keys.honoured_keys). The format and its
test vectors are in docs/coupons.md.
"""

from __future__ import annotations

from pos_app.domain.coupons.payload import (
    KINDS,
    CouponKind,
    CouponPayload,
    campaign_ref,
    gift_ref,
    member_ref,
    store_ref,
)
from pos_app.domain.coupons.signing import (
    CODE_LENGTH,
    CONTEXT,
    PREFIX,
    generate_keypair,
    looks_signed,
    public_key_of,
    read,
    sign,
    verify,
)

__all__ = [
    "CODE_LENGTH", "CONTEXT", "KINDS", "PREFIX", "CouponKind", "CouponPayload",
    "campaign_ref", "generate_keypair", "gift_ref", "looks_signed", "member_ref",
    "public_key_of", "read", "sign", "store_ref", "verify",
]
