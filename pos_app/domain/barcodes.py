"""Just enough code reading for selling: product barcodes, their GTIN forms and check digits.

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


def barcode_forms(gtin: str) -> list[str]:
    """Every form one GTIN may be printed, stored or scanned as, 14 digits first, natural
    last; a code that is no GTIN is only itself.

    A 12-digit UPC-A, its EAN-13 with a leading 0 and the 14-digit form a unit code carries
    name the same item, so catalog look-ups and the import's duplicate check try each form.
    """
    if not looks_like_gtin(gtin):
        return [gtin]
    gtin = gtin.zfill(14)
    forms = [gtin]
    if gtin.startswith("0"):
        forms.append(gtin[1:])
    if gtin.startswith("00"):
        forms.append(gtin[2:])
    if gtin.startswith("000000"):
        forms.append(gtin[6:])
    return forms
