"""The printer test page: proves Chinese mode, cell alignment, amounts, QR and cut at once."""

from __future__ import annotations

from datetime import datetime

from devices.printer.cells import pad
from devices.printer.layout import labelled, layout_receipt, paper_money
from devices.printer.ops import PrintOp, TextLine, check_columns
from pos_app.domain.receipt import Receipt, ReceiptLine, ReceiptTender
from pos_app.i18n import _, language

TEST_SALE_ID = "00000000-0000-7000-8000-000000000000"
CHINESE_SAMPLE = "打印测试 中文 \uffe512.50"


def sample_receipt(now: datetime | None = None) -> Receipt:
    """A made-up sale with Chinese names, a discount and change: every layout path. It
    speaks the screen's language, like the rest of the test page the technician reads."""
    lines = (
        ReceiptLine("可口可乐 330ml", 2, 350, 0, 700),
        ReceiptLine("东方树叶 500ml 乌龙茶 无糖 茶饮料", 1, 550, 50, 500, guide_name="张三"),
        ReceiptLine("Canvas tote 帆布手提袋", 1, 12900, 0, 12900, unit_code="SN-0001"),
    )
    return Receipt(
        store_name="Shopfloor 示例店",
        receipt_no="TEST-T00-000000",
        sale_id=TEST_SALE_ID,
        created_at=now or datetime.now().replace(microsecond=0),
        cashier_name="测试",
        lines=lines,
        subtotal=14150,
        discount_total=50,
        total=14100,
        tax_total=1622,
        tenders=(ReceiptTender(_("Cash"), 15000),),
        change=900,
        store_address="中国上海市 Test Road 1",
        language=language(),
    )


def layout_test_page(columns: int) -> list[PrintOp]:
    """Title, a cell ruler, the Chinese sample and a full sample receipt."""
    check_columns(columns)
    ruler = "".join(str(i % 10) for i in range(1, columns + 1))
    ops: list[PrintOp] = [
        TextLine(
            pad(_("Printer test"), columns // 2, "center").strip(),
            bold=True,
            double=True,
            align="center",
        ),
        TextLine(ruler),
        TextLine(CHINESE_SAMPLE),
        *labelled(_("Columns"), str(columns), columns),
        *labelled("中文对齐", paper_money(1250), columns),
        *labelled("ASCII", paper_money(1250), columns),
        TextLine("=" * columns),
    ]
    return ops + layout_receipt(sample_receipt(), columns)
