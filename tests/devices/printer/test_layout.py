"""Layout: every printed line fits the paper, amounts flush right in full-width ￥."""

from __future__ import annotations

from datetime import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from devices.printer.cells import cells
from devices.printer.layout import layout_receipt, line_fits
from devices.printer.ops import Cut, DrawerKick, QrCode, TextLine
from pos_app.domain.receipt import Receipt, ReceiptLine, ReceiptTender
from tests.devices.printer.conftest import make_receipt

NAMES = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), max_codepoint=0x2FFFF), max_size=60
)


def texts(ops):
    return [op.text for op in ops if isinstance(op, TextLine)]


def test_receipt_has_store_items_totals_qr_and_cut(receipt):
    ops = layout_receipt(receipt, 48)
    lines = texts(ops)
    assert ops[0] == DrawerKick()  # cash given, change back: the drawer opens (20-L1)
    assert ops[1] == TextLine("静安店", bold=True, double=True, align="center")
    assert "可口可乐 330ml" in lines
    assert any(line.startswith("  2 x ￥3.50") and line.endswith("￥7.00") for line in lines)
    assert any("Discount" in line and line.endswith("-￥9.00") for line in lines)
    assert any("U-77" in line for line in lines) and any("李娜" in line for line in lines)
    total = next(op for op in ops if isinstance(op, TextLine) and op.text.startswith("Total"))
    assert total.bold and total.double and total.text.endswith("￥127.00")
    assert any(line.startswith("银联卡") and line.endswith("￥100.00") for line in lines)
    assert any("REF123" in line for line in lines)
    assert any(line.startswith("Change") and line.endswith("￥3.00") for line in lines)
    assert QrCode("SFR:0190f5e2-7b1c-7def-8abc-0123456789ab") in ops
    assert "谢谢惠顾" in lines
    assert isinstance(ops[-1], Cut)
    assert not any("Reprint" in line for line in lines)


def test_reprint_is_marked():
    lines = texts(layout_receipt(make_receipt(reprint=True), 32))
    assert sum("*** Reprint ***" in line for line in lines) == 2


def test_amounts_end_at_the_paper_edge_on_58_and_80_mm(receipt):
    for columns in (32, 42, 48):
        for op in layout_receipt(receipt, columns):
            if isinstance(op, TextLine) and "￥" in op.text and not op.double:
                assert cells(op.text) == columns, (columns, op.text)


def test_chinese_labels_when_the_app_speaks_chinese(receipt):
    from pos_app import i18n

    i18n.set_language("zh_CN")
    lines = texts(layout_receipt(receipt, 32))
    assert all(cells(line) <= 32 for line in lines)


@settings(max_examples=60, deadline=None)
@given(
    names=st.lists(NAMES, min_size=1, max_size=4),
    store=NAMES,
    qty=st.integers(1, 9999),
    price=st.integers(0, 99_999_999),
    columns=st.sampled_from([32, 42, 48]),
)
def test_every_line_fits_the_paper(names, store, qty, price, columns):
    lines = tuple(ReceiptLine(n, qty, price, 0, qty * price, n or None, n or None) for n in names)
    total = sum(line.amount for line in lines)
    receipt = Receipt(
        store_name=store,
        receipt_no="S-T-1",
        sale_id="x",
        created_at=datetime(2024, 1, 1),
        cashier_name=store,
        lines=lines,
        subtotal=total,
        discount_total=0,
        total=total,
        tax_total=0,
        tenders=(ReceiptTender(store or "现金", total, store or None),),
        change=0,
        store_address=store,
        footer=store,
        reprint=True,
    )
    for op in layout_receipt(receipt, columns):
        if isinstance(op, TextLine):
            assert line_fits(op, columns), (columns, op)
