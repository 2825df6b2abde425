"""GTIN forms for catalog look-ups, Crockford short codes and the support CLI's JSON."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos_app.diagnostics import classify_cli, classify_json
from pos_app.domain.codes import barcode_forms, classify, gtin14
from pos_app.domain.codes.shortcode import (
    ALPHABET,
    check_symbol,
    make_short_code,
    valid_short_code,
)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("96385074", "00000096385074"),
        ("036000291452", "00036000291452"),
        ("6901234567892", "06901234567892"),
        ("10012345678902", "10012345678902"),
    ],
)
def test_gtin14_pads_every_form(code, expected):
    assert gtin14(code) == expected


@pytest.mark.parametrize("code", ["6901234567893", "abc", "", "123"])
def test_gtin14_refuses_what_is_not_a_valid_gtin(code):
    with pytest.raises(ValueError):
        gtin14(code)


@pytest.mark.parametrize(
    ("gtin", "forms"),
    [
        ("10012345678902", ["10012345678902"]),
        ("06901234567892", ["06901234567892", "6901234567892"]),
        ("00036000291452", ["00036000291452", "0036000291452", "036000291452"]),
        ("00000096385074",
         ["00000096385074", "0000096385074", "000096385074", "96385074"]),
        ("96385074", ["00000096385074", "0000096385074", "000096385074", "96385074"]),
    ],
)
def test_barcode_forms_lists_what_the_catalog_may_hold(gtin, forms):
    assert barcode_forms(gtin) == forms


def test_a_unit_finds_its_product_by_any_printed_form():
    unit = classify("(01)00036000291452(21)SN1")
    assert "036000291452" in barcode_forms(unit.gtin)


@given(st.text(alphabet=ALPHABET, min_size=9, max_size=9), st.integers(0, 8),
       st.sampled_from(ALPHABET))
def test_short_code_check_catches_a_changed_symbol(body, position, symbol):
    code = make_short_code(body)
    assert valid_short_code(code) == code
    changed = code[:position] + symbol + code[position + 1 :]
    assert (valid_short_code(changed) is not None) == (changed == code)


def test_short_code_check_follows_crockford():
    # value("000000001") = 1 → "1"; value 32 ("000000010") mod 37 = 32 → "*"
    assert check_symbol("000000001") == "1"
    assert check_symbol("000000010") == "*"
    assert check_symbol("000000014") == "U"  # 36
    assert valid_short_code("oooo-oooo-11") == "0000000011"
    with pytest.raises(ValueError):
        make_short_code("UUUUUUUUU")


def test_classify_json_keys():
    rows = classify_json(["(01)06901234567892(21)SN1(17)261100", "SFM:" + "a" * 32, "x"])
    assert rows[0] == {
        "input": "(01)06901234567892(21)SN1(17)261100", "kind": "unit",
        "gtin": "06901234567892", "serial": "SN1", "lot": None, "expiry": "2026-11-30",
        "sku": None, "error": None,
    }
    assert rows[1]["member_ref"] == "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa"
    assert rows[2]["kind"] == "unknown" and rows[2]["error"]


def test_classify_cli_prints_one_json_line_per_code(capsys):
    assert classify_cli(["SFU:连衣裙:1", "6901234567893"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert "连衣裙" in lines[0]  # ensure_ascii=False: readable in a ticket
    first, second = (json.loads(line) for line in lines)
    assert (first["kind"], first["sku"], first["serial"]) == ("unit", "连衣裙", "1")
    assert second["kind"] == "unknown" and "check digit" in second["error"]
