"""Scanners send anything: classify must never raise, and GS1 forms must agree on a unit."""

from __future__ import annotations

import re
from urllib.parse import quote

from hypothesis import given, settings
from hypothesis import strategies as st

from pos_app.domain.barcodes import gtin_check_digit, gtin_is_valid
from pos_app.domain.codes import Classified, CodeKind, classify

GS = "\x1d"
# GS1 AI encodable character set 82: what AI (21) serials may contain.
SET_82 = "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"
FIELDS = st.sampled_from(["sale", "member", "coupon", "any"])
CODE_ALPHABET = "0123456789()\x1d]dQCE123:/.-SFUMRhtps%?=AZ xyz\r\n\x00\u241d"
PREFIXES = st.sampled_from(
    ["", "01", "]d2", "]Q3", "]C1", "]E0", "(01)", "SFU:", "SFM:", "SFR:", "SFC1.",
     "https://id.gs1.org/01/", "https://x.cn/a/01/06901234567892/21/", "S01-T02-"]
)
ANY_TEXT = st.one_of(
    st.text(),
    st.text(alphabet=CODE_ALPHABET),
    st.builds(lambda p, t: p + t, PREFIXES, st.text(alphabet=CODE_ALPHABET, max_size=40)),
)


@st.composite
def gtins(draw) -> str:
    """A valid GTIN of any length, given as 14 digits (how AI (01) carries it)."""
    length = draw(st.sampled_from([8, 12, 13, 14]))
    body = draw(st.text(alphabet="0123456789", min_size=length - 1, max_size=length - 1))
    return (body + str(gtin_check_digit(body))).zfill(14)


SERIALS = st.text(alphabet=SET_82, min_size=1, max_size=20)


def check_invariants(got: Classified) -> None:
    assert isinstance(got, Classified)
    assert isinstance(got.kind, CodeKind)
    assert isinstance(got.error, str)
    if got.kind is CodeKind.UNKNOWN:
        assert got.error
    if got.gtin is not None:
        assert len(got.gtin) == 14 and gtin_is_valid(got.gtin)


@settings(max_examples=600)
@given(text=ANY_TEXT, field=FIELDS, known=st.booleans())
def test_classify_never_raises_and_keeps_its_promises(text, field, known):
    got = classify(text, field, (lambda code: known) if known else None)
    check_invariants(got)


@settings(max_examples=300)
@given(gtin=gtins(), serial=SERIALS, lot=st.text(alphabet=SET_82, min_size=1, max_size=20))
def test_raw_gs1_round_trips(gtin, serial, lot):
    for text in (f"01{gtin}21{serial}", f"01{gtin}21{serial}{GS}10{lot}",
                 f"]d201{gtin}10{lot}{GS}21{serial}", f"]Q301{gtin}21{serial}"):
        got = classify(text)
        check_invariants(got)
        assert (got.kind, got.gtin, got.serial) == (CodeKind.UNIT, gtin, serial), text


@settings(max_examples=300)
@given(gtin=gtins(), serial=SERIALS)
def test_parenthesised_gs1_round_trips(gtin, serial):
    if re.search(r"\(\d{2,4}\)", serial):  # "(21)" inside a serial cannot be told apart
        return
    got = classify(f"(01){gtin}(21){serial}")
    assert (got.kind, got.gtin, got.serial) == (CodeKind.UNIT, gtin, serial)


@settings(max_examples=300)
@given(
    gtin=gtins(), serial=SERIALS,
    host=st.sampled_from(["id.gs1.org", "qr.brand.com.cn", "example.com:8443/dl"]),
    short=st.booleans(),
)
def test_digital_link_round_trips(gtin, serial, host, short):
    path_gtin = gtin.lstrip("0").zfill(13) if short and gtin.startswith("0") else gtin
    got = classify(f"https://{host}/01/{path_gtin}/21/{quote(serial, safe='')}")
    assert (got.kind, got.gtin, got.serial) == (CodeKind.UNIT, gtin, serial)
