"""The sale screen's message is for the person who caused it: "sale … saved" after a sale is
gone once they sign out, not read by the next person to sign in (tester 14/12)."""

from __future__ import annotations

from tests.ui.conftest import wait_until
from tests.ui.test_overrides_ui import ring_cola
from tests.ui.test_sale_flow import pay_exact_cash_with_keys, sign_in_by_keyboard


def test_signing_out_clears_the_sale_screens_message(make_window):
    window, _container = make_window()
    sign_in_by_keyboard(window)
    ring_cola(window)
    pay_exact_cash_with_keys(window)
    wait_until(lambda: "000001" in window.sale.message.text())
    window.sign_out()
    window.till.sign_in("1001", "1111")
    assert window.sale.message.text() == ""
