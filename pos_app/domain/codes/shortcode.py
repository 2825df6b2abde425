"""Typed coupon short codes: 9 Crockford base32 symbols plus a mod-37 check symbol.

Crockford's alphabet avoids I, L, O and U so people can read codes aloud and type them
back; the check symbol catches a mistyped or swapped character before we ask HQ.
"""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CHECK_ALPHABET = ALPHABET + "*~$=U"
LENGTH = 10
# Crockford: decoding is forgiving about look-alikes; hyphens and spaces are for reading.
_ALIASES = str.maketrans({"O": "0", "I": "1", "L": "1", "-": None, " ": None})


def normalise(text: str) -> str:
    """Upper-case, map look-alikes (O→0, I/L→1) and drop hyphens and spaces."""
    return text.upper().translate(_ALIASES)


def check_symbol(body: str) -> str:
    """Crockford's check symbol: the value of `body` in base 32, modulo 37."""
    value = 0
    for ch in body:
        value = value * 32 + ALPHABET.index(ch)
    return CHECK_ALPHABET[value % 37]


def looks_like_short_code(text: str) -> bool:
    """Shaped like a short code (length and alphabet), whether or not the check holds."""
    code = normalise(text)
    return (
        len(code) == LENGTH
        and all(ch in ALPHABET for ch in code[:-1])
        and code[-1] in CHECK_ALPHABET
    )


def valid_short_code(text: str) -> str | None:
    """The normalised short code when its check symbol holds, else None."""
    if not looks_like_short_code(text):
        return None
    code = normalise(text)
    return code if check_symbol(code[:-1]) == code[-1] else None


def make_short_code(body: str) -> str:
    """Append the check symbol to 9 base32 symbols (for HQ fixtures and tests)."""
    body = normalise(body)
    if len(body) != LENGTH - 1 or any(ch not in ALPHABET for ch in body):
        raise ValueError(f"a short code body is 9 Crockford base32 symbols, got {body!r}")
    return body + check_symbol(body)
