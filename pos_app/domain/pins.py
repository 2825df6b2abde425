"""PIN hashing with salted scrypt (memory-hard, standard library): pure, so the terminal
and HQ (which may import pos_app.domain only) share one format, `scrypt$N$r$p$salt$digest`.

The cost parameters travel inside the hash, so a hash from elsewhere (HQ's staff stream)
could ask for N=2 and make a PIN guessable in microseconds: `verify_pin` refuses any cost
below the built-in one. The staff stream carries `pepper$…` hashes: the scrypt digest keyed
with HMAC-SHA256 under the store's pepper, a secret only that store's paired tills hold, so a
copied database alone cannot be brute-forced (`pepper_hash`, `verify_pin(…, pepper=)`)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

# n=2**14, r=8 costs ~16 MiB and tens of ms: slow for guessing, fine at a till.
N, R, P = 2**14, 8, 1
MIN_N, MIN_R, MIN_P, MIN_DKLEN = N, R, P, 32


def hash_pin(pin: str) -> str:
    salt = os.urandom(16)
    digest = hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=N, r=R, p=P, dklen=32)
    salt_b64 = base64.b64encode(salt).decode()
    return f"scrypt${N}${R}${P}${salt_b64}${base64.b64encode(digest).decode()}"


def pepper_hash(stored: str, pepper: bytes) -> str:
    """`scrypt$…` → `pepper$N$r$p$salt$HMAC(pepper, digest)`: what leaves HQ for a store."""
    scheme, n, r, p, salt_b64, digest_b64 = stored.split("$")
    if scheme != "scrypt":
        raise ValueError("not a scrypt PIN hash")
    keyed = hmac.new(pepper, base64.b64decode(digest_b64), "sha256").digest()
    return f"pepper${n}${r}${p}${salt_b64}${base64.b64encode(keyed).decode()}"


def verify_pin(pin: str, stored: str, pepper: bytes | None = None) -> bool:
    """True when `pin` matches; False for a wrong PIN, a malformed hash, a cost below the
    built-in one, or a peppered hash without its pepper."""
    try:
        scheme, n, r, p, salt_b64, digest_b64 = stored.split("$")
        if scheme not in ("scrypt", "pepper") or (scheme == "pepper" and not pepper):
            return False
        cost_n, cost_r, cost_p = int(n), int(r), int(p)
        if cost_n < MIN_N or cost_r < MIN_R or cost_p < MIN_P:
            return False
        salt = base64.b64decode(salt_b64)
        expected = base64.b64decode(digest_b64)
        if len(salt) < 16 or len(expected) < MIN_DKLEN:
            return False
        digest = hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=cost_n, r=cost_r, p=cost_p,
                                dklen=32, maxmem=256 * 1024 * 1024)
    except (ValueError, TypeError, OverflowError, MemoryError):
        return False
    if scheme == "pepper":
        assert pepper is not None
        digest = hmac.new(pepper, digest, "sha256").digest()
    return hmac.compare_digest(digest, expected)
