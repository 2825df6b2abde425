"""A campaign sale's receipt names each campaign under the line it priced and in the totals,
with the saving under the total: 58 and 80 mm, zh_CN and en, in the ESC/POS bytes (GB18030).
Campaign names are HQ's own text, printed as written in either language."""

from __future__ import annotations

import pytest

from devices.printer.escpos_render import encode_text, render_receipt
from devices.printer.layout import labelled, layout_receipt, line_fits
from devices.printer.ops import TextLine
from pos_app.domain.receipt import ReceiptAdjustment, ReceiptLine
from pos_app.i18n import gettext_in
from tests.devices.printer.conftest import make_receipt

BOGO_NAME = "12.12 奶粉买一送一"
BOGO = ReceiptAdjustment("promo.buy_x_get_y", BOGO_NAME, 26800, "c-1212-milk/bogo")
MANUAL = ReceiptAdjustment("manual_line", "Discount", 100)
LINES = (
    ReceiptLine("飞鹤奶粉 900g", 2, 26800, 26900, 26700, adjustments=(BOGO, MANUAL)),
    ReceiptLine("帆布手提袋", 1, 12900, 0, 12900),
)


def campaign_receipt(language: str, names: dict[str, str] | None = None):
    return make_receipt(language=language, lines=LINES, subtotal=66500, discount_total=26900,
                        total=39600, tax_total=4556, change=0,
                        tenders=(make_receipt().tenders[0],),
                        campaign_names=names or {"c-1212-milk": BOGO_NAME})


def printed(label: str, value: str, columns: int) -> bytes:
    return b"".join(encode_text(line.text) + b"\n" for line in labelled(label, value, columns))


@pytest.mark.parametrize("columns", [32, 48])
@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_campaign_and_its_saving_are_printed(language, columns):
    receipt = campaign_receipt(language)
    data = render_receipt(receipt, columns)
    tr = lambda text: gettext_in(language, text)  # noqa: E731
    under_line = printed("  " + BOGO_NAME, "-￥268.00", columns)
    in_totals = printed(BOGO_NAME, "-￥268.00", columns)
    assert under_line in data and in_totals in data
    assert printed("  " + tr("Discount"), "-￥1.00", columns) in data  # the cashier's, apart
    assert printed(tr("Discount"), "-￥1.00", columns) in data
    saved = printed(tr("You saved"), "￥269.00", columns)
    total = encode_text(tr("Total"))
    assert data.index(in_totals) < data.index(total) < data.index(saved)
    assert encode_text(BOGO_NAME) in data  # GB18030, as HQ wrote it
    if language == "zh_CN":
        assert encode_text("共节省") in data and b"You saved" not in data
    else:
        assert b"You saved" in data
    ops = layout_receipt(receipt, columns)
    assert all(line_fits(op, columns) for op in ops if isinstance(op, TextLine))


def test_a_campaign_the_till_no_longer_names_is_printed_by_its_rules_name():
    data = render_receipt(campaign_receipt("en", names={}), 48)
    assert printed(BOGO_NAME, "-￥268.00", 48) in data


def test_a_receipt_without_campaigns_prints_no_saving_line():
    data = render_receipt(make_receipt(language="en"), 48)
    assert b"You saved" not in data
