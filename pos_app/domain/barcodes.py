"""Just enough code reading for selling: product barcodes by form and GTIN check digits.

Full classification of unit, member, coupon and receipt codes lives in domain/codes (later).
"""

from __future__ import annotations

GTIN_LENGTHS = (8, 12, 13, 14)
MAX_CODE_LENGTH = 64


def gtin_check_digit(body: str) -> int:
    """GS1 mod-10 check digit of the digits before it (weights 3,1 from the right)."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        total += int(ch) * (3 if i % 2 == 0 else 1)
    return (10 - total % 10) % 10


def gtin_is_valid(code: str) -> bool:
    if not code.isascii() or not code.isdigit() or len(code) not in GTIN_LENGTHS:
        return False
    return gtin_check_digit(code[:-1]) == int(code[-1])


def normalise_scan(raw: str) -> str:
    """Strip the scanner's suffixes and surrounding blanks; keep inner characters as scanned."""
    return raw.strip().strip("\r\n\t")


def is_readable_code(code: str) -> bool:
    """A product code is printable ASCII without spaces, 1–64 characters."""
    return (
        0 < len(code) <= MAX_CODE_LENGTH
        and code.isascii()
        and all(33 <= ord(ch) <= 126 for ch in code)
    )


def looks_like_gtin(code: str) -> bool:
    """All digits with a GTIN length: such a code must carry a valid check digit."""
    return code.isascii() and code.isdigit() and len(code) in GTIN_LENGTHS


def same_item_codes(code: str) -> list[str]:
    """A 12-digit UPC-A and its EAN-13 with a leading 0 name the same item: both forms."""
    out = [code]
    if code.isdigit() and len(code) == 12:
        out.append("0" + code)
    if code.isdigit() and len(code) == 13 and code.startswith("0"):
        out.append(code[1:])
    return out
