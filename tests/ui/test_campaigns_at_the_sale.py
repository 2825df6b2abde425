"""The sale screen shows HQ's campaigns as the cashier rings up (issue 16 item 3): the demo's
buy-one-get-one on 可口可乐 500ml hints at one can, prices the second free, lists the
campaign under the line and its saving under the cart; the cart, the total and Pay do not
move while the campaign comes and goes; the printed receipt names it."""

from __future__ import annotations

from devices.printer.escpos_render import encode_text
from devices.printer.virtual import get_virtual_printer
from local_db.uow import write_session
from pos_app import i18n
from pos_app.services.demo_campaign import DEMO_CAMPAIGN
from sync.apply_promotions import apply_promotions
from sync.contract.envelope import Change
from tests.ui.conftest import pump, wait_until
from tests.ui.test_sale_flow import pay_exact_cash_with_keys, scan_with_wedge, sign_in_by_keyboard

COLA_500 = "6901379000209"  # 可口可乐 500ml ¥4.00, on the demo's BOGO
NAME = DEMO_CAMPAIGN["name"]


def test_a_bogo_hints_prices_and_shows_its_saving_then_prints(make_window, printer_name):
    window, _container = make_window()
    sign_in_by_keyboard(window)
    sale, panel = window.sale, window.sale.campaign_panel
    assert (panel.saving_texts(), panel.hint_texts()) == ([], [])
    cart_height = sale.cart_table.height()
    pay_at, total_at = sale.pay_button.mapTo(window, sale.pay_button.rect().topLeft()), \
        sale.total_label.mapTo(window, sale.total_label.rect().topLeft())

    scan_with_wedge(COLA_500)
    wait_until(lambda: len(window.till.cart.lines) == 1)
    assert panel.hint_texts() == [f"Add 1 more item for {NAME}"]
    assert panel.saving_texts() == []
    assert sale.total_label.text() == "¥4.00"
    i18n.set_language("zh_CN")
    window.retranslate()
    pump(40)
    assert panel.hint_texts() == [f"再加 1 件可享{NAME}"]
    i18n.set_language("en")
    window.retranslate()
    pump(40)

    scan_with_wedge(COLA_500)
    wait_until(lambda: window.till.cart.lines[0].quantity == 2)
    pump(40)
    assert panel.hint_texts() == []
    assert panel.saving_texts() == [f"{NAME} -¥4.00"]
    assert panel.savings.text() == f"Campaign savings: {NAME} -¥4.00"
    assert panel.hint.isVisibleTo(sale)  # blank, but keeping its row
    assert sale.total_label.text() == "¥4.00"
    # an English screen names the product in English (the campaign keeps HQ's own name)
    assert sale.cart_table.item(0, 1).text() == f"Coca-Cola 500ml\n{NAME} -¥4.00"
    assert sale.cart_table.item(0, 4).text() == "¥4.00"  # the Discount column
    assert sale.cart_table.item(0, 5).toolTip() == f"{NAME} -¥4.00"
    assert sale.pay_button.mapTo(window, sale.pay_button.rect().topLeft()) == pay_at
    assert sale.total_label.mapTo(window, sale.total_label.rect().topLeft()) == total_at
    assert sale.cart_table.height() == cart_height  # the campaign rows were there already


    pay_exact_cash_with_keys(window)
    assert (panel.saving_texts(), panel.hint_texts()) == ([], [])
    printer = get_virtual_printer(printer_name)
    wait_until(lambda: len(printer.jobs) == 1)
    assert encode_text(NAME) in printer.jobs[0]


def test_a_campaign_ended_by_a_pull_leaves_the_cart_on_screen_at_once(make_window):
    window, container = make_window()
    sign_in_by_keyboard(window)
    sale = window.sale
    scan_with_wedge(COLA_500)
    wait_until(lambda: len(window.till.cart.lines) == 1)
    scan_with_wedge(COLA_500)
    wait_until(lambda: sale.campaign_panel.saving_texts() == [f"{NAME} -¥4.00"])
    with write_session(container.engine) as session:  # the promotions stream's page
        apply_promotions(session, [Change(key=DEMO_CAMPAIGN["id"], op="upsert",
                                          data={**DEMO_CAMPAIGN, "status": "ended"})])
    wait_until(lambda: sale.total_label.text() == "¥8.00")
    assert sale.campaign_panel.saving_texts() == []
    assert sale.cart_table.item(0, 1).text() == "Coca-Cola 500ml"  # English screen
