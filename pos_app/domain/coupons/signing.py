"""Sign and verify coupon codes: Ed25519 over a fixed context string plus the payload.

HQ signs with a private key only it holds; a till verifies offline with the public keys HQ
still honours (the `coupon_keys` stream). The context string binds a signature to this use,
so no other message signed by the same key can pass as a coupon.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from pos_app.domain.coupons import base32
from pos_app.domain.coupons.payload import SIZE, VERSION, CouponPayload, pack, unpack
from pos_app.errors import PosError

PREFIX = "SFC1."
CONTEXT = b"shopfloor-coupon-v1\0"
SIGNATURE_SIZE = 64
CODE_LENGTH = len(PREFIX) + -(-(SIZE + SIGNATURE_SIZE) * 8 // 5)  # 178 characters
_RAW = serialization.Encoding.Raw


def generate_keypair() -> tuple[bytes, bytes]:
    """A new Ed25519 key pair as raw bytes: (private 32, public 32)."""
    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(_RAW, serialization.PrivateFormat.Raw,
                                serialization.NoEncryption())
    return private, public_key_of(private)


def public_key_of(private_key: bytes) -> bytes:
    """The raw 32-byte public key of a raw private key."""
    key = Ed25519PrivateKey.from_private_bytes(private_key)
    return key.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw)


def sign(payload: CouponPayload, private_key: bytes) -> str:
    """The code text "SFC1." + Crockford base32 of payload ‖ signature (HQ only).

    ValueError when the payload does not fit the layout or would not read back equal (an
    upper-case UUID, a naive time…), so what a till verifies is exactly what was signed."""
    data = pack(payload)
    if unpack(data) != payload:
        raise ValueError("payload is not in canonical form (lower-case UUIDs, whole seconds)")
    signature = Ed25519PrivateKey.from_private_bytes(private_key).sign(CONTEXT + data)
    return PREFIX + base32.encode(data + signature)


def looks_signed(text: str) -> bool:
    """Shaped like a signed code (prefix, length, alphabet) whatever the keyboard's case;
    the signature is not checked."""
    head, body = text[: len(PREFIX)], text[len(PREFIX):]
    return head.upper() == PREFIX and base32.decode(body, SIZE + SIGNATURE_SIZE) is not None


def read(code: str) -> CouponPayload:
    """The payload a code claims, signature NOT checked (to say which key it needs)."""
    return _split(code)[0]


def _split(code: str) -> tuple[CouponPayload, bytes, bytes]:
    if not isinstance(code, str) or code[: len(PREFIX)].upper() != PREFIX:
        raise PosError("coupon_damaged")
    raw = base32.decode(code.strip()[len(PREFIX):], SIZE + SIGNATURE_SIZE)
    if raw is None:
        raise PosError("coupon_damaged")
    data, signature = raw[:SIZE], raw[SIZE:]
    if data[0] >> 4 != VERSION:
        raise PosError("coupon_version_unknown", version=data[0] >> 4)
    payload = unpack(data)
    if payload is None:
        raise PosError("coupon_damaged")
    return payload, data, signature


def verify(code: str, keys: Mapping[int, bytes], now: datetime,
           retired: Collection[int] = ()) -> CouponPayload:
    """The payload of a genuine code valid at `now`, or PosError (never another exception):
    coupon_damaged, coupon_version_unknown, coupon_key_retired (its key is in `retired`),
    coupon_unknown_key, coupon_bad_signature, coupon_not_yet_valid, coupon_expired.

    `keys` maps key id → raw 32-byte public key: the keys HQ still honours."""
    payload, data, signature = _split(code)
    public = keys.get(payload.key_id)
    if public is None:
        code_ = "coupon_key_retired" if payload.key_id in retired else "coupon_unknown_key"
        raise PosError(code_, key=payload.key_id)
    try:
        Ed25519PublicKey.from_public_bytes(bytes(public)).verify(signature, CONTEXT + data)
    except (InvalidSignature, ValueError, TypeError):
        raise PosError("coupon_bad_signature") from None
    if now < payload.valid_from:
        raise PosError("coupon_not_yet_valid", since=_shown(payload.valid_from))
    if now >= payload.valid_until:
        raise PosError("coupon_expired", until=_shown(payload.valid_until))
    return payload


def _shown(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")
