"""PRODUCT §2 "Which kind wins": structured codes, then barcodes, cards, mobiles, short codes.

Every input field (sale, member, coupon) routes scans through this one function so a member
card scanned at the sale screen, or a coupon typed into the member box, is read the same way;
the field only breaks ties.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cache
from typing import Literal

from pos_app.domain.barcodes import gtin_is_valid, looks_like_gtin, normalise_scan
from pos_app.domain.codes import messages as m
from pos_app.domain.codes.gs1 import (
    SEPARATORS,
    classify_digital_link,
    classify_gs1,
    gtin14,
)
from pos_app.domain.codes.model import Classified, CodeKind
from pos_app.domain.codes.prefixed import classify_prefixed
from pos_app.domain.codes.shortcode import looks_like_short_code, valid_short_code

Field = Literal["sale", "member", "coupon", "any"]
CardCheck = Callable[[str], bool]

MAX_SCAN = 512
BARCODE_LENGTHS = range(4, 49)  # Code128 internal codes the catalog may know
_MOBILE = re.compile(r"1[3-9]\d{9}")
_HRI_START = re.compile(r"\(\d{2,4}\)")


@cache
def _gs1_symbologies() -> frozenset[object]:
    """Read from biip on the first marked scan, not at import (biip loads its GS1 tables)."""
    from biip.symbology import GS1Symbology

    return frozenset(GS1Symbology.with_gs1_messages())


def classify(
    text: str, field: Field = "sale", is_known_card: CardCheck | None = None
) -> Classified:
    """Route one scan; never raises, whatever the scanner or a person sends."""
    try:
        return _classify(text, field, is_known_card)
    except Exception:  # a safety net: a scan must never crash the till
        raw = text if isinstance(text, str) else ""
        return Classified(CodeKind.UNKNOWN, raw, error=m.reason(m.UNREADABLE, code=raw[:48]))


def _unknown(raw: str, msgid: str, **params: object) -> Classified:
    return Classified(CodeKind.UNKNOWN, raw, error=m.reason(msgid, **params))


def _strip_symbology(raw: str) -> tuple[str, bool]:
    """Drop an AIM symbology identifier ("]d2", "]E0" …); True when it announces GS1 data."""
    if not raw.startswith("]") or len(raw) < 4:
        return raw, False
    from biip.symbology import SymbologyIdentifier

    try:
        ident = SymbologyIdentifier.extract(raw)
    except Exception:  # "]" followed by no known symbology: keep the text as scanned
        return raw, False
    body = raw[len(ident) :]
    if not body:
        return raw, False
    return body, ident.gs1_symbology in _gs1_symbologies()


def _classify(text: str, field: Field, is_known_card: CardCheck | None) -> Classified:
    raw = normalise_scan(text)
    if not raw:
        return _unknown(raw, m.NOTHING_SCANNED)
    if len(raw) > MAX_SCAN:
        return _unknown(raw, m.TOO_LONG, length=len(raw))
    body, gs1_symbology = _strip_symbology(raw)
    if any(unicodedata.category(ch) == "Cc" and ch not in SEPARATORS for ch in body):
        return _unknown(raw, m.CONTROL_CHARS)
    prefixed = classify_prefixed(raw, body)
    if prefixed is not None:
        return prefixed
    if body[:8].lower().startswith(("https://", "http://")):
        return classify_digital_link(raw, body)
    marked = gs1_symbology or any(s in body for s in SEPARATORS) or bool(_HRI_START.match(body))
    if marked or (body.startswith("01") and len(body) >= 16 and body.isascii()):
        gs1 = classify_gs1(raw, body, marked=marked)
        if gs1 is not None:
            return gs1
    return _by_field(raw, body, field, is_known_card)


def _known(is_known_card: CardCheck | None, code: str) -> bool:
    """Ask the local member cache; a failing callback counts as "not known", never a crash."""
    if is_known_card is None:
        return False
    try:
        return bool(is_known_card(code))
    except Exception:
        return False


def _by_field(raw: str, body: str, field: Field, is_known_card: CardCheck | None) -> Classified:
    """Unprefixed codes: the order of §2, with the field deciding ties."""
    barcode_like = body.isascii() and body.isprintable() and " " not in body
    gtin_shaped = looks_like_gtin(body)
    gtin_ok = gtin_shaped and gtin_is_valid(body)
    if field == "member":
        return _member_field(raw, body, barcode_like, gtin_ok, is_known_card)
    if field == "coupon" and looks_like_short_code(body):
        short = valid_short_code(body)
        if short is None:
            return _unknown(raw, m.SHORT_CODE_BAD_CHECK, code=body)
        return Classified(CodeKind.COUPON, raw, coupon=short)
    if gtin_ok:
        return _product(raw, body)
    if _known(is_known_card, body):
        return Classified(CodeKind.MEMBER, raw, member_ref=body)
    if gtin_shaped:
        return _unknown(raw, m.BAD_CHECK_DIGIT, code=body)
    short = valid_short_code(body)
    # At the sale screen an all-digit code is far likelier an internal barcode than a coupon.
    if short is not None and not (field == "sale" and body.isdigit()):
        return Classified(CodeKind.COUPON, raw, coupon=short)
    if barcode_like and len(body) in BARCODE_LENGTHS:
        return Classified(CodeKind.PRODUCT_BARCODE, raw, barcode=body)
    return _unknown(raw, m.UNREADABLE, code=body[:48])


def _product(raw: str, body: str) -> Classified:
    return Classified(CodeKind.PRODUCT_BARCODE, raw, gtin=gtin14(body), barcode=body)


def _member_field(
    raw: str, body: str, barcode_like: bool, gtin_ok: bool, is_known_card: CardCheck | None
) -> Classified:
    """The member box prefers members: known cards and mobiles first.

    Without a card check the member service decides, so any card-shaped text is a MEMBER.
    """
    card_like = barcode_like and len(body) in BARCODE_LENGTHS
    if _known(is_known_card, body) or (is_known_card is None and card_like):
        return Classified(CodeKind.MEMBER, raw, member_ref=body)
    if _MOBILE.fullmatch(body):
        return Classified(CodeKind.MEMBER, raw, member_ref=body)
    if gtin_ok:
        return _product(raw, body)
    short = valid_short_code(body)
    if short is not None:
        return Classified(CodeKind.COUPON, raw, coupon=short)
    if card_like:
        return _unknown(raw, m.NO_SUCH_MEMBER, code=body)
    return _unknown(raw, m.UNREADABLE, code=body[:48])
