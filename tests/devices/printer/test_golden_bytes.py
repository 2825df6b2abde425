"""Pinned ESC/POS bytes: any change to layout or escape codes shows up as a diff to review.

Regenerate after an intended change with UPDATE_GOLDEN=1 and look at the virtual-printer
text of the new file before committing it.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest

from devices.printer.escpos_render import render_receipt
from devices.printer.virtual import render_text
from pos_app.domain.receipt import Receipt, ReceiptLine, ReceiptTender

GOLDEN = Path(__file__).parent / "golden"


def fixed_receipt() -> Receipt:
    return Receipt(
        store_name="示例旗舰店",
        store_address="南京东路 100 号",
        receipt_no="S01-T01-000042",
        sale_id="01a20fb2-0f68-77f5-8c87-e7df9bc0e51b",
        created_at=datetime(2026, 11, 24, 15, 30, 0),
        cashier_name="李娜",
        lines=(
            ReceiptLine("可口可乐 330ml", 2, 350, 0, 700),
            ReceiptLine("帆布手提袋 本色", 1, 12900, 1290, 11610, guide_name="王芳"),
        ),
        subtotal=13600,
        discount_total=1290,
        total=12310,
        tax_total=1416,
        tenders=(ReceiptTender("微信支付", 10000, "4200000001"),
                 ReceiptTender("现金", 2500, kind="cash")),
        change=190,
        footer="感谢您的光临",
        language="en",  # the goldens were pinned as English receipts; the bytes stay theirs
    )


@pytest.mark.parametrize("columns", [32, 48])
def test_receipt_bytes_match_the_pinned_golden_file(columns):
    data = render_receipt(fixed_receipt(), columns)
    golden = GOLDEN / f"receipt_{columns}.bin"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.write_bytes(data)
    assert golden.exists(), "run with UPDATE_GOLDEN=1 once to create the golden file"
    assert data == golden.read_bytes(), "\n".join(render_text(data, columns))


def test_golden_receipt_reads_as_expected_on_paper():
    lines = render_text((GOLDEN / "receipt_48.bin").read_bytes(), 48)
    text = "\n".join(lines)
    for expected in ("示例旗舰店", "S01-T01-000042", "可口可乐 330ml", "￥123.10", "￥1.90",
                     "4200000001", "[QR: SFR:01a20fb2-0f68-77f5-8c87-e7df9bc0e51b]", "-- cut --",
                     "-- drawer --"):
        assert expected in text
