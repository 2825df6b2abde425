"""Printer test fixtures: a fake network printer and sample receipts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest

from pos_app.domain.receipt import Receipt, ReceiptLine, ReceiptTender
from tests.devices.printer.fake_printer import FakeNetworkPrinter


@pytest.fixture
def fake_printer() -> Iterator[FakeNetworkPrinter]:
    printer = FakeNetworkPrinter()
    yield printer
    printer.close()


def make_receipt(**changes: object) -> Receipt:
    """A cola sale: Chinese name, discount, card reference and cash change."""
    fields: dict[str, object] = {
        "store_name": "静安店",
        "receipt_no": "S01-T01-000042",
        "sale_id": "0190f5e2-7b1c-7def-8abc-0123456789ab",
        "created_at": datetime(2024, 7, 1, 14, 30, 5),
        "cashier_name": "王小明",
        "lines": (
            ReceiptLine("可口可乐 330ml", 2, 350, 0, 700),
            ReceiptLine("帆布手提袋", 1, 12900, 900, 12000, unit_code="U-77", guide_name="李娜"),
        ),
        "subtotal": 13600,
        "discount_total": 900,
        "total": 12700,
        "tax_total": 1461,
        "tenders": (ReceiptTender("银联卡", 10000, "REF123"), ReceiptTender("现金", 3000)),
        "change": 300,
        "store_address": "上海市静安区南京西路 1 号",
        "footer": "谢谢惠顾",
        "language": "en",  # English labels unless a test asks for the store's zh_CN
    }
    fields.update(changes)
    return Receipt(**fields)  # type: ignore[arg-type]


@pytest.fixture
def receipt() -> Receipt:
    return make_receipt()
