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


# --- registration answered again (hq.registration) -------------------------------------------
# The nonce itself is the till's: 22+ base64url characters (sync.contract.registration), 132+
# bits, so neither it nor the token sealed with it can be guessed from what HQ keeps.
def nonce_digest(nonce: str, code_id: str) -> str:
    """What HQ keeps of a pairing attempt's nonce: enough to recognise it, not to use it.

    The nonce is the key `seal_token` locks the token with, so it is stored only digested,
    and bound to the code so the digest says nothing about any other code."""
    return sha256_hex(f"shopfloor/register-nonce/{code_id}/{nonce}")


def _keystream(nonce: str, code_id: str, size: int) -> bytes:
    return hashlib.shake_256(f"shopfloor/register-seal/{code_id}/{nonce}".encode()).digest(size)


def seal_token(token: str, nonce: str, code_id: str) -> str:
    """The token locked with a key only the till holds (its nonce), for answering a retry.

    A one-time pad from SHAKE-256 of the nonce and the code's id (each code is spent once,
    so each key locks one token): a leaked HQ database holds the seal and the nonce's
    digest, neither of which opens it. HQ keeps it only for the replay window."""
    raw = token.encode("ascii")
    return bytes(a ^ b for a, b in zip(raw, _keystream(nonce, code_id, len(raw)),
                                       strict=True)).hex()


def unseal_token(sealed: str, nonce: str, code_id: str) -> str | None:
    """The token `seal_token` locked, or None if `sealed` is not a seal at all; the caller
    checks the result against the device's token hash (a wrong nonce yields garbage)."""
    try:
        raw = bytes.fromhex(sealed)
    except ValueError:
        return None
    plain = bytes(a ^ b for a, b in zip(raw, _keystream(nonce, code_id, len(raw)), strict=True))
    return plain.decode("ascii", errors="replace")
