"""The shop's own prefixed codes (SFC1., SFU:, SFM:, SFR:) and typed receipt numbers.

These win over everything else (PRODUCT §2): their prefix is the intent, so a damaged one is
reported as damaged rather than being tried as a product barcode.
"""

from __future__ import annotations

import re
import uuid

from pos_app.domain.codes.messages import (
    COUPON_DAMAGED,
    MEMBER_DAMAGED,
    RECEIPT_DAMAGED,
    UNIT_DAMAGED,
    reason,
)
from pos_app.domain.codes.model import Classified, CodeKind
from pos_app.domain.coupons import PREFIX, base32, looks_signed

_RECEIPT_NO = re.compile(r"[A-Z0-9]{1,8}-[A-Z0-9]{1,8}-\d{6}")
MAX_PART = 64


def _uuid(text: str) -> str | None:
    """Canonical lower-case UUID, or None: the QR is ours, so only exact UUIDs are accepted."""
    if len(text) not in (32, 36):
        return None
    try:
        return str(uuid.UUID(text))
    except ValueError:
        return None


def _unit(raw: str, rest: str) -> Classified:
    sku, sep, serial = rest.partition(":")
    ok = sep and all(
        part and part == part.strip() and part.isprintable() and len(part) <= MAX_PART
        for part in (sku, serial)
    )
    if not ok:
        return Classified(CodeKind.UNKNOWN, raw, error=reason(UNIT_DAMAGED))
    return Classified(CodeKind.UNIT, raw, sku=sku, serial=serial)


def _coupon(raw: str, body: str) -> Classified:
    """Shape only (prefix, length, Crockford base32, read whatever the keyboard's case); the
    signature is checked by pos_app.domain.coupons.verify. `coupon` is the normalised code."""
    if not looks_signed(body):
        return Classified(CodeKind.UNKNOWN, raw, error=reason(COUPON_DAMAGED))
    return Classified(CodeKind.COUPON, raw, coupon=PREFIX + base32.normalise(body[len(PREFIX):]))


def classify_prefixed(raw: str, body: str) -> Classified | None:
    """SFC1./SFU:/SFM:/SFR: codes and receipt numbers; None when `body` is none of them."""
    head = body[:5].upper()
    if head == "SFC1.":
        return _coupon(raw, body)
    if head.startswith("SFU:"):
        return _unit(raw, body[4:])
    if head.startswith("SFM:"):
        member = _uuid(body[4:])
        if member is None:
            return Classified(CodeKind.UNKNOWN, raw, error=reason(MEMBER_DAMAGED))
        return Classified(CodeKind.MEMBER, raw, member_ref=member)
    if head.startswith("SFR:"):
        sale = _uuid(body[4:])
        if sale is None:
            return Classified(CodeKind.UNKNOWN, raw, error=reason(RECEIPT_DAMAGED))
        return Classified(CodeKind.RECEIPT, raw, sale_id=sale)
    if body.isascii() and _RECEIPT_NO.fullmatch(body.upper()):
        return Classified(CodeKind.RECEIPT, raw, receipt_no=body.upper())
    return None
