"""The return slip (58 and 80 mm, the store's receipt language) and a line's refund being
its net after every adjustment."""

from __future__ import annotations

from dataclasses import replace

import pytest

from devices.printer.layout import line_fits
from devices.printer.ops import TextLine
from devices.printer.return_slip import layout_return_slip, render_return_slip
from pos_app.domain.tenders import Tender, TenderKind
from tests.services.unit_world import COLA, till_for

TEA = "6920202888883"


def test_a_line_refunds_its_net_after_line_and_order_discounts(world):
    till = till_for(world)
    cola = till.sale.ring(COLA, 3)  # 3 × 350
    till.sale.ring(TEA)  # 550
    till.cart.set_line_discount(cola.line_id, 150, "dented")
    till.cart.set_order_discount(100, "regular")
    done = till.sale.complete([Tender(TenderKind.CARD, till.sale.totals().total)])
    sale = till.returns.find_sale(done.receipt_no)
    by_name = {ln.quantity: ln for ln in sale.lines}
    cola_line, tea_line = by_name[3], by_name[1]
    assert cola_line.net + tea_line.net == done.total == 1050 + 550 - 150 - 100
    first = till.returns.complete(done.receipt_no, {cola_line.sale_line_id: 1})
    second = till.returns.complete(done.receipt_no, {cola_line.sale_line_id: 2,
                                                     tea_line.sale_line_id: 1})
    assert first.refund_total + second.refund_total == done.total  # nets, to the fen
    assert first.refund_total == cola_line.net // 3


@pytest.mark.parametrize("columns", [32, 48])
@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_slip_names_return_receipt_lines_tenders_voucher_and_approver(
        world, columns, language):
    till = till_for(world)
    till.sale.ring(COLA, 2)
    done = till.sale.complete([Tender(TenderKind.CARD, 400), Tender(TenderKind.CASH, 300)])
    sale = till.returns.find_sale(done.receipt_no)
    back = till.returns.complete(done.receipt_no, {sale.lines[0].sale_line_id: 2})
    slip = till.returns.slip(back.return_id)
    assert (slip.return_no, slip.receipt_no, slip.refund_total) == (
        back.return_no, done.receipt_no, 700)
    assert [(r.kind, r.amount) for r in slip.refunds] == [("card", 400), ("cash", 300)]
    assert slip.staff_name == "李娜" and slip.approver_name == ""
    slip = replace(slip, language=language)
    ops = layout_return_slip(slip, columns)
    assert all(line_fits(op, columns) for op in ops if isinstance(op, TextLine))
    text = render_return_slip(slip, columns).decode("gb18030", errors="replace")
    for expected in (back.return_no, done.receipt_no, "可口可乐", "￥7.00", "￥4.00",
                     "￥3.00", "李娜"):
        assert expected in text
    assert render_return_slip(slip, columns) == render_return_slip(slip, columns)
