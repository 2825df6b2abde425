"""Crockford base32 for signed coupon codes: upper-case letters and digits only.

A keyboard-wedge scanner types what the keyboard's state makes of each key: with Caps Lock
on, letters arrive in the other case. Crockford's alphabet is read case-insensitively and
maps look-alikes (I, L → 1; O → 0), and every one of its symbols is in the QR code's
alphanumeric mode, so a code survives both the keyboard and a compact QR.
"""

from __future__ import annotations

# Crockford's alphabet, as in codes.shortcode (not imported: codes imports this package)
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
_ALIASES = str.maketrans({"O": "0", "I": "1", "L": "1", "-": None})


def encode(data: bytes) -> str:
    """Upper-case Crockford base32 of `data`, big-endian, no padding (zero bits fill the end)."""
    bits = len(data) * 8
    width = -(-bits // 5)
    value = int.from_bytes(data, "big") << (width * 5 - bits)
    return "".join(ALPHABET[(value >> (5 * (width - 1 - i))) & 31] for i in range(width))


def decode(text: str, length: int) -> bytes | None:
    """The `length` bytes `text` encodes, read as Crockford says (case, I/L/O, hyphens);
    None when a symbol is not base32, the count of symbols is not that of `length` bytes,
    or the filling bits are not zero (so one byte string has exactly one text form)."""
    symbols = text.upper().translate(_ALIASES)
    bits = length * 8
    width = -(-bits // 5)
    if len(symbols) != width:
        return None
    value = 0
    for ch in symbols:
        digit = _VALUE.get(ch)
        if digit is None:
            return None
        value = value << 5 | digit
    spare = width * 5 - bits
    if value & ((1 << spare) - 1):
        return None
    return (value >> spare).to_bytes(length, "big")


def normalise(text: str) -> str:
    """Upper-case with look-alikes mapped and hyphens dropped: the form codes are compared in."""
    return text.upper().translate(_ALIASES)
