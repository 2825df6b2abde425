"""Every code form of PRODUCT §2/§5, one row each, so a regression names the form it broke."""

from __future__ import annotations

from datetime import date

import pytest

from pos_app.domain.codes import CodeKind, classify

K = CodeKind
GS = "\x1d"
UUID = "3f2b9c1e-8d4a-4e6f-9b2c-1a2b3c4d5e6f"
G13 = "6901234567892"
G14 = "0" + G13
SIGNED = (
    "SFC1.2C0G3451PB1X8ZJZHADGR79E7X55QBRXF0CPZRA8AG34XKCYCTVDEGVBNP9R00Q8NQQY5S48ME54WK03DWV99W"
    "EN0BQBJB41N7V9R0S9D9V7377XSQXP841RDQYMCC27NWVPF159SECAQ958A748F7NEKEKXEVWHEJ76KBFVXB0GG"
)

# (text, field, kind, expected fields)
UNIT_ROWS = [
    # GS1 element strings: raw with GS, with symbology ids, without separators, HRI
    (f"01{G14}21ABC123", K.UNIT, {"gtin": G14, "serial": "ABC123"}),
    (f"01{G14}21ABC123{GS}10LOT7{GS}17261100",
     K.UNIT, {"serial": "ABC123", "lot": "LOT7", "expiry": date(2026, 11, 30)}),
    (f"01{G14}1726111510LOT7{GS}21S-1/2",
     K.UNIT, {"serial": "S-1/2", "lot": "LOT7", "expiry": date(2026, 11, 15)}),
    (f"01{G14}172611152199", K.UNIT, {"serial": "99", "expiry": date(2026, 11, 15)}),
    (f"]d201{G14}21ABC123{GS}10L1", K.UNIT, {"gtin": G14, "serial": "ABC123", "lot": "L1"}),
    (f"]Q301{G14}21ABC123", K.UNIT, {"gtin": G14, "serial": "ABC123"}),
    (f"]C101{G14}21ABC123", K.UNIT, {"gtin": G14, "serial": "ABC123"}),
    (f"{GS}01{G14}21ABC123{GS}", K.UNIT, {"serial": "ABC123"}),
    (f"(01){G14}(21)ABC123", K.UNIT, {"gtin": G14, "serial": "ABC123"}),
    (f"(01) {G14} (21) ABC123 (10) L1 (17) 280229",
     K.UNIT, {"serial": "ABC123", "lot": "L1", "expiry": date(2028, 2, 29)}),
    (f"(01){G14}(21)A(B)C", K.UNIT, {"serial": "A(B)C"}),
    (f"(01){G14}(21)S1(17)280200", K.UNIT, {"expiry": date(2028, 2, 29)}),
    # Digital Link on two hosts, with path prefix, lot, expiry in query or path
    (f"https://id.gs1.org/01/{G14}/21/ABC123", K.UNIT, {"gtin": G14, "serial": "ABC123"}),
    (f"https://qr.brand.com.cn/p/x/01/{G13}/10/L1/21/S%2F9?17=261100",
     K.UNIT, {"gtin": G14, "serial": "S/9", "lot": "L1", "expiry": date(2026, 11, 30)}),
    (f"HTTP://qr.brand.com.cn/01/{G14}/21/S9/10/L1/17/261115",
     K.UNIT, {"serial": "S9", "lot": "L1", "expiry": date(2026, 11, 15)}),
    (f"]Q1https://id.gs1.org/01/{G14}/21/X", K.UNIT, {"serial": "X"}),
    (f"https://brand.cn/2026/01/01/{G13}/21/X", K.UNIT, {"gtin": G14, "serial": "X"}),
    # the brand's own unit QR
    ("SFU:SKU-001:SN0001", K.UNIT, {"sku": "SKU-001", "serial": "SN0001"}),
    ("SFU:连衣裙-红:SN:7", K.UNIT, {"sku": "连衣裙-红", "serial": "SN:7"}),
]

OTHER_ROWS = [
    (f"SFM:{UUID}", "sale", K.MEMBER, {"member_ref": UUID}),
    (f"SFM:{UUID.upper()}", "member", K.MEMBER, {"member_ref": UUID}),
    (f"SFR:{UUID}", "sale", K.RECEIPT, {"sale_id": UUID}),
    ("S01-T02-000123", "sale", K.RECEIPT, {"receipt_no": "S01-T02-000123"}),
    ("bj7-pos12-000001", "any", K.RECEIPT, {"receipt_no": "BJ7-POS12-000001"}),
    # a signed coupon (docs/coupons.md's first test vector), as scanned and with Caps Lock on
    (SIGNED, "sale", K.COUPON, {"coupon": SIGNED}),
    (SIGNED.swapcase(), "sale", K.COUPON, {"coupon": SIGNED}),
    (SIGNED.lower(), "member", K.COUPON, {"coupon": SIGNED}),
    # product barcodes whose check digit holds
    (G13, "sale", K.PRODUCT_BARCODE, {"gtin": G14, "barcode": G13}),
    ("96385074", "sale", K.PRODUCT_BARCODE, {"gtin": "00000096385074"}),
    ("036000291452", "sale", K.PRODUCT_BARCODE, {"gtin": "00036000291452"}),
    ("10012345678902", "sale", K.PRODUCT_BARCODE, {"gtin": "10012345678902"}),
    (f"]E0{G13}", "sale", K.PRODUCT_BARCODE, {"gtin": G14, "barcode": G13}),
    # GS1 with a GTIN but no serial: the product itself
    (f"01{G14}10LOT7", "sale", K.PRODUCT_BARCODE, {"gtin": G14, "lot": "LOT7", "barcode": G13}),
    (f"https://id.gs1.org/01/{G14}", "sale", K.PRODUCT_BARCODE, {"gtin": G14}),
    # Code128 internal codes: the catalog decides
    ("INT-00042", "sale", K.PRODUCT_BARCODE, {"gtin": None, "barcode": "INT-00042"}),
    ("0112345", "sale", K.PRODUCT_BARCODE, {"gtin": None}),
    # mobiles: members only in the member field
    ("13812345678", "member", K.MEMBER, {"member_ref": "13812345678"}),
    ("13812345678", "sale", K.PRODUCT_BARCODE, {"gtin": None}),
    # coupon short codes (Crockford mod-37 check symbol)
    ("7ZK3M9QPX0", "coupon", K.COUPON, {"coupon": "7ZK3M9QPX0"}),
    ("7zk3-m9qp-x0", "coupon", K.COUPON, {"coupon": "7ZK3M9QPX0"}),
    ("7ZK3M9QPX0", "sale", K.COUPON, {"coupon": "7ZK3M9QPX0"}),
    ("123456789P", "any", K.COUPON, {"coupon": "123456789P"}),
    ("0000000011", "coupon", K.COUPON, {"coupon": "0000000011"}),
    ("0000000011", "sale", K.PRODUCT_BARCODE, {"gtin": None}),
]

ERROR_ROWS = [
    ("", "sale", "Nothing was scanned"),
    ("   \r\n", "sale", "Nothing was scanned"),
    ("6901234567893", "sale", "check digit of 6901234567893"),
    ("96385075", "sale", "check digit of 96385075"),
    ("036000291453", "sale", "check digit of 036000291453"),
    ("10012345678903", "sale", "check digit of 10012345678903"),
    (f"010{G13[:-1]}321ABC", "sale", "check digit of 06901234567893"),
    (f"(01)0{G13[:-1]}3(21)ABC", "sale", "check digit of 06901234567893"),
    (f"https://id.gs1.org/01/{G13[:-1]}3/21/A", "sale", "check digit of 06901234567893"),
    ("https://weixin.qq.com/r/abc", "sale", "not a product or unit code"),
    (f"(01){G14}(21)", "sale", "GS1 code cannot be read"),
    (f"]d201{G14}21{'X' * 25}", "sale", "GS1 code cannot be read"),
    (f"01{G14}21ABC{GS}17261399", "sale", "GS1 code cannot be read"),
    ("(00)123456789012345675", "sale", "no product number"),
    ("SFU:SKU-001", "sale", "unit code is damaged"),
    ("SFU::SN1", "sale", "unit code is damaged"),
    ("SFU:SKU:", "sale", "unit code is damaged"),
    ("SFM:not-a-uuid", "member", "member code is damaged"),
    ("SFR:1234", "sale", "receipt code is damaged"),
    ("SFC1.only-two", "coupon", "coupon code is damaged"),
    ("SFC1.a.b!c", "coupon", "coupon code is damaged"),
    (SIGNED[:-1], "sale", "coupon code is damaged"),
    (SIGNED + "0", "sale", "coupon code is damaged"),
    (SIGNED[:-1] + "U", "sale", "coupon code is damaged"),
    ("7ZK3M9QPX1", "coupon", "wrong check character"),
    ("AB\x00CD", "sale", "control characters"),
    ("A" * 513, "sale", "too long"),
    ("ab", "sale", "not a code we can read"),
    ("商品条码", "sale", "not a code we can read"),
    ("A" * 49, "sale", "not a code we can read"),
    ("ABC\x1dDEF", "sale", "GS1 code cannot be read"),
]


@pytest.mark.parametrize(("text", "kind", "expected"), UNIT_ROWS)
def test_unit_code_forms(text, kind, expected):
    got = classify(text)
    assert (got.kind, got.error) == (kind, "")
    for name, value in expected.items():
        assert getattr(got, name) == value, name
    assert got.unit_key is not None


@pytest.mark.parametrize(("text", "field", "kind", "expected"), OTHER_ROWS)
def test_other_forms(text, field, kind, expected):
    got = classify(text, field)
    assert (got.kind, got.error) == (kind, "")
    for name, value in expected.items():
        assert getattr(got, name) == value, name


@pytest.mark.parametrize(("text", "field", "fragment"), ERROR_ROWS)
def test_unreadable_codes_say_why(text, field, fragment):
    got = classify(text, field)
    assert got.kind is CodeKind.UNKNOWN
    assert fragment in got.error


def test_the_same_unit_has_one_key_from_every_form():
    forms = [
        f"01{G14}21SN9", f"]d201{G14}21SN9{GS}10L", f"(01){G14}(21)SN9",
        f"https://a.example/01/{G13}/21/SN9", f"https://b.example.cn/x/01/{G14}/21/SN9?17=261100",
    ]
    assert {classify(text).unit_key for text in forms} == {f"{G14}:SN9"}
    assert classify("SFU:SKU1:SN9").unit_key == "sku:SKU1:SN9"
    assert classify(G13).unit_key is None


def test_raw_keeps_the_scan_without_the_scanners_suffix():
    assert classify(f"(01){G14}(21)A\r\n").raw == f"(01){G14}(21)A"


class TestKnownCards:
    """A card known locally is a member; a product barcode still wins at the sale screen."""

    cards = frozenset({"880001234", "6901234567893", G13})

    def known(self, code: str) -> bool:
        return code in self.cards

    def test_known_card_is_a_member_in_any_field(self):
        for field in ("sale", "member", "any", "coupon"):
            got = classify("880001234", field, self.known)
            assert (got.kind, got.member_ref) == (CodeKind.MEMBER, "880001234")

    def test_card_number_with_a_bad_gtin_check_digit_is_still_a_member(self):
        assert classify("6901234567893", "sale", self.known).kind is CodeKind.MEMBER

    def test_ties_go_to_the_field(self):
        assert classify(G13, "sale", self.known).kind is CodeKind.PRODUCT_BARCODE
        assert classify(G13, "member", self.known).kind is CodeKind.MEMBER

    def test_unknown_card_in_the_member_field_says_so(self):
        got = classify("88000999", "member", self.known)
        assert got.kind is CodeKind.UNKNOWN
        assert "No member has the card or mobile number 88000999" in got.error

    def test_without_a_card_check_the_member_field_lets_the_member_service_decide(self):
        assert classify("88000999", "member").member_ref == "88000999"

    def test_a_failing_card_check_is_not_a_crash(self):
        def broken(code: str) -> bool:
            raise RuntimeError("db gone")

        assert classify("880001234", "sale", broken).kind is CodeKind.PRODUCT_BARCODE


def test_reasons_are_translated(monkeypatch):
    from pos_app import i18n

    i18n.set_language("zh_CN")
    got = classify("6901234567893")
    assert got.kind is CodeKind.UNKNOWN
    assert "校验位" in got.error
