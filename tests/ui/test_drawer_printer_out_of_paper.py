"""A cash sale on a till whose printer is out of paper (review 24 #2): the sale is saved, the
drawer opens for the cash all the same, and the cashier reads, in the till's language, why
no receipt came and that F9 reprints it. Real window offscreen, real keys, a (fake) network
printer on a real socket."""

from __future__ import annotations

from devices.printer.escpos_render import DRAWER_KICK_NOW
from tests.ui.conftest import db_rows, wait_until
from tests.ui.test_sale_flow import COLA, pay_exact_cash_with_keys, scan_with_wedge
from tests.ui.test_sale_flow import sign_in_by_keyboard as sign_in


def test_a_cash_sale_opens_the_drawer_though_its_receipt_cannot_print(make_window, paperless):
    window, container = make_window(printer_url=paperless.url, language="zh_CN")
    sign_in(window)
    paperless.set_state("paper_out")
    scan_with_wedge(COLA)
    wait_until(lambda: len(window.till.cart.lines) == 1)
    pay_exact_cash_with_keys(window)
    wait_until(lambda: window.last_print_error is not None)
    assert window.last_print_error == "打印机缺纸。"
    assert "打印机缺纸。" in window.sale.message.text()
    assert "按 F9 重打小票" in window.sale.message.text()
    assert DRAWER_KICK_NOW in paperless.wait_for(DRAWER_KICK_NOW)
    assert "可口可乐".encode("gb18030") not in paperless.data()
    assert db_rows(container.data_dir / "terminal.db",
                   "SELECT count(*), sum(total) FROM sale") == [(1, 350)]
