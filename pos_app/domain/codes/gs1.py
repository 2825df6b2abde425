"""GTIN forms and GS1 unit codes (element strings, HRI, Digital Link), parsed with biip.

biip knows every Application Identifier, its length, charset and date rules, so this module
only decides *where* a GS1 string is and what a POS needs from it: GTIN, serial, lot, expiry.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from pos_app.domain.barcodes import barcode_forms, gtin_is_valid
from pos_app.domain.codes.messages import (
    BAD_CHECK_DIGIT,
    GS1_NO_GTIN,
    GS1_UNREADABLE,
    URL_NOT_A_CODE,
    reason,
)
from pos_app.domain.codes.model import Classified, CodeKind

if TYPE_CHECKING:  # biip is imported on the first GS1 code (~0.15 s: its GS1 tables),
    from biip import ParseConfig  # not at the till's start; ui.startup warms it
    from biip.gs1_element_strings import GS1ElementStrings

GS = "\x1d"
# Scanners send FNC1 as GS; some keyboard layouts turn it into the visible ␝ symbol.
SEPARATORS = (GS, "\u241d")


@cache
def _config() -> ParseConfig:
    from biip import ParseConfig

    return ParseConfig(separator_chars=SEPARATORS)


_HRI_AI = re.compile(r"\((\d{2,4})\)")
_DL_GTIN = re.compile(r"\d{8,14}")
_DL_PATH_QUALIFIERS = ("22", "10", "21")  # the order GS1 Digital Link requires in the path


def gtin14(code: str) -> str:
    """EAN-8/UPC-A/EAN-13/GTIN-14 as 14 digits: the one form unit keys and lookups compare."""
    if not gtin_is_valid(code):
        raise ValueError(f"not a valid GTIN: {code!r}")
    return code.zfill(14)


def _from_elements(raw: str, elements: GS1ElementStrings) -> Classified:
    """Keep what selling needs; a serial (21) makes it one unit, else the product itself."""
    gtin_es = elements.get(ai="01")
    if gtin_es is None:
        return Classified(CodeKind.UNKNOWN, raw, error=reason(GS1_NO_GTIN))
    gtin = gtin_es.value
    if not gtin_is_valid(gtin):
        return Classified(CodeKind.UNKNOWN, raw, error=reason(BAD_CHECK_DIGIT, code=gtin))
    serial_es, lot_es, expiry_es = (elements.get(ai=ai) for ai in ("21", "10", "17"))
    fields = {
        "gtin": gtin,
        "lot": lot_es.value if lot_es else None,
        "expiry": expiry_es.date if expiry_es else None,
    }
    if serial_es is not None:
        return Classified(CodeKind.UNIT, raw, serial=serial_es.value, **fields)
    return Classified(CodeKind.PRODUCT_BARCODE, raw, barcode=barcode_forms(gtin)[-1], **fields)


def parse_element_string(body: str) -> GS1ElementStrings:
    """AI-prefixed data with or without GS separators; raises if biip cannot read it all."""
    from biip.gs1_messages import GS1Message

    return GS1Message.parse(body, config=_config()).element_strings


def parse_hri(body: str) -> GS1ElementStrings:
    """"(01)…(21)…": split only at "(digits)" so a serial may itself contain parentheses."""
    parts = _HRI_AI.split("".join(body.split()))
    if parts[0] or len(parts) < 3:
        raise ValueError("not a GS1 HRI string")
    data = GS.join(ai + value for ai, value in zip(parts[1::2], parts[2::2], strict=True))
    from biip.gs1_messages import GS1Message

    return GS1Message.parse(data, config=_config()).element_strings


def classify_gs1(raw: str, body: str, *, marked: bool) -> Classified | None:
    """A GS1 element string (raw or HRI) as a unit or product; None when it is not GS1.

    `marked` says the scan itself claims to be GS1 (symbology id, GS, parentheses): then an
    unreadable body is an error. Unmarked digits are GS1 only if they read as (01)+(21) or
    carry a valid GTIN, so internal Code128 numbers that merely start with 01 stay barcodes.
    """
    try:
        elements = parse_hri(body) if body.startswith("(") else parse_element_string(body)
    except Exception:  # biip raises ParseError, ValueError …: either way not readable GS1
        return Classified(CodeKind.UNKNOWN, raw, error=reason(GS1_UNREADABLE)) if marked else None
    result = _from_elements(raw, elements)
    if marked or result.kind is not CodeKind.UNKNOWN:
        return result
    has_serial = elements.get(ai="21") is not None and elements.get(ai="01") is not None
    return result if has_serial else None


def _canonical_link(link: str) -> str | None:
    """Rewrite a Digital Link the way biip's strict parser wants it, or None if not one.

    Real links put the path AIs in any order, put the expiry (17) in the path and sit under
    any host and path prefix; biip wants 22/10/21 in order and data attributes in the query.
    """
    parts = urlsplit(link)
    segments = parts.path.split("/")
    # The GTIN pair starts the GS1 part; a path prefix may itself hold "01" (e.g. /2026/01/).
    starts = [
        i for i in range(len(segments) - 1)
        if segments[i] == "01" and _DL_GTIN.fullmatch(segments[i + 1])
        and (len(segments) - i) % 2 == 0
    ]
    if not starts:
        return None
    pairs = segments[starts[0] :]
    path_ais = dict(zip(pairs[0::2], pairs[1::2], strict=True))
    path = "/01/" + path_ais.pop("01")
    for ai in _DL_PATH_QUALIFIERS:
        if ai in path_ais:
            path += f"/{ai}/{path_ais.pop(ai)}"
    moved = [(ai, unquote(value)) for ai, value in path_ais.items()]
    query = parse_qsl(parts.query, keep_blank_values=True) + moved
    return f"https://{parts.netloc or 'id'}{path}" + (f"?{urlencode(query)}" if query else "")


def classify_digital_link(raw: str, body: str) -> Classified:
    """A web address: a GS1 Digital Link on any host, or a clear "not a code" answer."""
    try:
        link = _canonical_link(body)
        if link is None:
            return Classified(CodeKind.UNKNOWN, raw, error=reason(URL_NOT_A_CODE))
        from biip.gs1_digital_link_uris import GS1DigitalLinkURI

        elements = GS1DigitalLinkURI.parse(link, config=_config()).element_strings
    except Exception:  # biip ParseError or a malformed URL: not readable as a Digital Link
        return Classified(CodeKind.UNKNOWN, raw, error=reason(GS1_UNREADABLE))
    return _from_elements(raw, elements)
