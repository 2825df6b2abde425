"""Receipts speak the store's receipt language, whatever the cashier's screen speaks; member
receipts show the member (masked), the points of the sale and the balance, in GB18030."""

from __future__ import annotations

from devices.printer.escpos_render import encode_text, render_receipt
from devices.printer.layout import labelled
from devices.printer.virtual import render_text
from pos_app import i18n
from pos_app.domain.receipt import ReceiptMember
from pos_app.i18n import gettext_in
from tests.devices.printer.conftest import make_receipt

MEMBER = ReceiptMember(masked="138****5678", points_earned=129, points_redeemed=6450,
                       points_balance=3679)


def gb(text: str) -> bytes:
    return encode_text(text)


def test_english_screen_chinese_store_prints_chinese():
    i18n.set_language("en")
    data = render_receipt(make_receipt(language="zh_CN"), 48)
    for label in ("小票", "收银员", "合计", "找零", "扫码获取电子小票或办理退货"):
        assert gb(label) in data, label
    for english in (b"Total", b"Change", b"Cashier", b"Scan for"):
        assert english not in data, english


def test_chinese_screen_english_store_prints_english():
    i18n.set_language("zh_CN")
    data = render_receipt(make_receipt(language="en", reprint=True), 48)
    for label in (b"Receipt", b"Cashier", b"Total", b"Change", b"*** Reprint ***"):
        assert label in data, label
    for chinese in ("合计", "找零", "收银员"):
        assert gb(chinese) not in data, chinese


def test_a_chinese_reprint_says_so_in_chinese():
    """Needs the zh_CN catalogue with "Reprint" → 重印 (slice /tmp/i18n/money.json)."""
    lines = render_text(render_receipt(make_receipt(language="zh_CN", reprint=True), 32), 32)
    assert sum("*** 重印 ***" in line for line in lines) == 2
    assert not any("Reprint" in line for line in lines)


def test_a_member_receipt_shows_the_masked_member_points_and_balance():
    for columns in (32, 48):
        data = render_receipt(make_receipt(language="zh_CN", member=MEMBER), columns)
        expected = [
            ("会员", "138****5678"),
            (gettext_in("zh_CN", "Points earned"), "+129"),
            (gettext_in("zh_CN", "Points redeemed"), "-6450"),
            (gettext_in("zh_CN", "Points balance"), "3679"),
        ]
        for label, value in expected:
            (line,) = labelled(label, value, columns)
            assert gb(line.text) + b"\n" in data, (columns, line.text)
        assert gb("会员") in data and b"13812345678" not in data


def test_no_member_no_member_lines_and_no_redeemed_line_without_redemption():
    plain = render_text(render_receipt(make_receipt(), 48), 48)
    assert not any("Member" in line or "Points" in line for line in plain)
    earned_only = ReceiptMember("****0042", 12, 0, 112)
    lines = render_text(render_receipt(make_receipt(member=earned_only), 48), 48)
    assert any(line.startswith("Member") and line.endswith("****0042") for line in lines)
    assert any(line.startswith("Points earned") and line.endswith("+12") for line in lines)
    assert not any("Points redeemed" in line for line in lines)
    assert any(line.startswith("Points balance") and line.endswith("112") for line in lines)
