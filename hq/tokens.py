"""Secrets HQ hands out (device tokens, enrollment codes) and the hashes it keeps instead.

A leaked HQ database must not let anyone act as a till, so only SHA-256 digests are stored;
the tokens are long random strings, so a fast hash is enough (no KDF needed, unlike PINs).
"""

from __future__ import annotations

import hashlib
import secrets

# No 0/O/1/I/L: enrollment codes are read off a screen and typed at the till.
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12


def sha256_hex(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_device_token() -> str:
    return secrets.token_urlsafe(32)


def new_enrollment_code() -> str:
    """12 characters of a 31-letter alphabet ≈ 59 bits: unguessable during its short life."""
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(code: str) -> str:
    """People type codes with spaces, dashes and lower case; accept those."""
    return code.replace("-", "").replace(" ", "").upper()
