"""A sale or a refund that moves cash opens the drawer with its paper (20-L1): the Z counts a
drawer open per cash sale, so the receipt's bytes carry the pulse (ESC p), once; a card-only
sale, a reprint, or a refund to a card does not. Read back through the virtual printer."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from devices.printer.escpos_render import render_receipt
from devices.printer.return_slip import render_return_slip
from devices.printer.virtual import render_text
from pos_app.domain.receipt import ReceiptTender
from pos_app.domain.returns import ReturnSlip, SlipLine, SlipRefund
from tests.devices.printer.conftest import make_receipt

ESC_P = b"\x1bp"


def _drawer_kicks(data: bytes) -> int:
    return render_text(data, 48).count("-- drawer --")


def test_a_cash_sale_kicks_the_drawer_once_before_its_receipt():
    receipt = make_receipt(tenders=(ReceiptTender("现金", 13000, kind="cash"),), change=300)
    data = render_receipt(receipt, 48)
    assert data.count(ESC_P) == 1 and _drawer_kicks(data) == 1
    assert render_text(data, 48)[0] == "-- drawer --"  # open while the receipt prints


def test_a_card_only_sale_does_not_open_the_drawer():
    receipt = make_receipt(tenders=(ReceiptTender("银联卡", 12700, "REF1", kind="card"),),
                           change=0)
    data = render_receipt(receipt, 48)
    assert ESC_P not in data and _drawer_kicks(data) == 0


def test_a_reprint_of_a_cash_sale_does_not_open_the_drawer():
    receipt = make_receipt(tenders=(ReceiptTender("现金", 13000, kind="cash"),), change=300)
    assert _drawer_kicks(render_receipt(replace(receipt, reprint=True), 48)) == 0


def _slip(*refunds: SlipRefund) -> ReturnSlip:
    return ReturnSlip(store_name="静安店", return_no="R-S01-T01-000003",
                      receipt_no="S01-T01-000042", created_at=datetime(2026, 12, 7, 10, 0),
                      staff_name="王小明", approver_name="", lines=(
                          SlipLine("可口可乐 330ml", 1, 350, ""),),
                      refunds=refunds, refund_total=sum(r.amount for r in refunds),
                      language="en")


def test_a_cash_refund_kicks_the_drawer_once_a_card_refund_does_not():
    cash = render_return_slip(_slip(SlipRefund("cash", 350)), 48)
    assert cash.count(ESC_P) == 1 and _drawer_kicks(cash) == 1
    card = render_return_slip(_slip(SlipRefund("card", 350, "REF1")), 48)
    assert _drawer_kicks(card) == 0
