"""A member's receipt shows each member-priced line's list price, member price and saving,
and the sale's member saving apart from the cashier's discounts: 58 and 80 mm, zh_CN and en,
checked in the ESC/POS bytes the printer receives (GB18030)."""

from __future__ import annotations

import pytest

from devices.printer.cells import two_columns
from devices.printer.escpos_render import encode_text, render_receipt
from devices.printer.layout import labelled, paper_money
from pos_app.domain.receipt import ReceiptAdjustment, ReceiptLine
from pos_app.i18n import gettext_in
from tests.devices.printer.conftest import make_receipt

MEMBER_PRICE = ReceiptAdjustment("member_price", "Member price", 400)  # 2 × (12.00 − 10.00)
MANUAL = ReceiptAdjustment("manual_line", "Discount", 150)
LINES = (
    ReceiptLine("可口可乐 330ml", 2, 1200, 550, 1850, adjustments=(MEMBER_PRICE, MANUAL)),
    ReceiptLine("帆布手提袋", 1, 12900, 0, 12900),
)


def member_receipt(language: str):
    return make_receipt(language=language, lines=LINES, subtotal=15300, discount_total=550,
                        total=14750, tax_total=1697, change=0,
                        tenders=(make_receipt().tenders[0],))


def printed(label: str, value: str, columns: int) -> bytes:
    (line,) = labelled(label, value, columns)
    return encode_text(line.text) + b"\n"


@pytest.mark.parametrize("columns", [32, 48])
@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_a_member_priced_line_prints_list_price_member_price_and_saving(language, columns):
    data = render_receipt(member_receipt(language), columns)
    tr = lambda text: gettext_in(language, text)  # noqa: E731
    (list_line,) = two_columns("  2 x ￥12.00", "￥24.00", columns)
    assert encode_text(list_line) + b"\n" in data  # the list price, as scanned
    assert printed("  " + tr("Member price"), "￥10.00", columns) in data
    assert printed("  " + tr("Member saving"), "-￥4.00", columns) in data
    assert printed("  " + tr("Discount"), "-￥1.50", columns) in data  # the cashier's, apart
    assert printed(tr("Member saving"), paper_money(-400), columns) in data  # the sale's
    assert printed(tr("Discount"), "-￥1.50", columns) in data
    assert data.index(printed(tr("Member saving"), "-￥4.00", columns)) < data.index(
        encode_text(tr("Total")))
    if language == "zh_CN":
        assert encode_text("会员价") in data and encode_text("会员优惠") in data
        assert b"Member" not in data
    else:
        assert b"Member price" in data and b"Member saving" in data


def test_a_receipt_without_member_prices_prints_no_member_lines():
    data = render_receipt(make_receipt(language="en"), 48)
    assert b"Member price" not in data and b"Member saving" not in data
    assert printed("  Discount", "-￥9.00", 48) in data  # as before: the cashier's discount
