"""A cash sale's drawer opens even when its receipt cannot print (review 24 #2): the cashier
holds the customer's cash. A printer that refuses the receipt gets the real-time pulse (DLE
DC4, carried out offline too) and the receipt's own error is raised; a card sale or a
reprint opens nothing. A no-sale's kick and a cash refund's slip get the same pulse
(25-FXB). A (fake) network printer on a real socket."""

from __future__ import annotations

from dataclasses import replace

import pytest

from devices.printer.escpos_render import DRAWER_KICK_NOW
from devices.printer.printer import ReceiptPrinter
from devices.printer.virtual import render_text
from pos_app.domain.receipt import ReceiptTender
from pos_app.domain.returns import SlipRefund
from pos_app.errors import PosError
from tests.devices.printer.conftest import make_receipt
from tests.devices.printer.test_drawer_on_cash import _slip as return_slip

COLA = "可口可乐".encode("gb18030")
ESC_P = b"\x1bp"


@pytest.mark.parametrize(("state", "code"), [
    ("paper_out", "printer_paper_out"),
    ("cover_open", "printer_cover_open"),
    ("offline", "printer_offline"),
    ("error", "printer_error"),
])
def test_a_refused_cash_receipt_still_opens_the_drawer(fake_printer, receipt, state, code):
    printer = ReceiptPrinter(fake_printer.url, 48)
    fake_printer.set_state(state)
    with pytest.raises(PosError) as caught:
        printer.print_receipt(receipt)  # cash tendered, change given
    assert caught.value.code == code  # the cashier reads why the receipt did not print
    assert "drawer_not_opened" not in caught.value.params  # the pulse got through
    data = fake_printer.wait_for(DRAWER_KICK_NOW)
    assert DRAWER_KICK_NOW in data and COLA not in data and ESC_P not in data
    assert render_text(data) == ["-- drawer --"]


def test_a_printer_that_stopped_answering_still_gets_the_pulse(fake_printer, receipt):
    printer = ReceiptPrinter(fake_printer.url, 48)
    printer.print_receipt(receipt)  # answered: it prints, its drawer pulse within
    fake_printer.set_state("silent")
    with pytest.raises(PosError) as caught:
        printer.print_receipt(receipt)
    assert caught.value.code == "printer_silent"
    assert DRAWER_KICK_NOW in fake_printer.wait_for(DRAWER_KICK_NOW)


@pytest.mark.parametrize("receipt_kind", ["card only", "reprint"])
def test_no_drawer_for_a_card_sale_or_a_reprint_it_could_not_print(fake_printer, receipt_kind):
    receipt = (make_receipt(tenders=(ReceiptTender("银联卡", 12700, "REF1", kind="card"),),
                            change=0)
               if receipt_kind == "card only" else make_receipt(reprint=True))
    assert not receipt.opens_drawer
    fake_printer.set_state("paper_out")
    with pytest.raises(PosError):
        ReceiptPrinter(fake_printer.url, 48).print_receipt(receipt)
    assert DRAWER_KICK_NOW not in fake_printer.data()


def test_a_good_printer_opens_the_drawer_once_with_the_receipt(fake_printer, receipt):
    ReceiptPrinter(fake_printer.url, 48).print_receipt(receipt)
    data = fake_printer.wait_for(b"\x1dV")
    assert DRAWER_KICK_NOW not in data and data.count(ESC_P) == 1
    assert render_text(data).count("-- drawer --") == 1


def test_a_dead_printer_says_so_and_the_drawer_is_left_to_its_key(fake_printer, receipt):
    fake_printer.set_state("dead")
    with pytest.raises(PosError) as caught:
        ReceiptPrinter(fake_printer.url, 48).print_receipt(receipt)
    assert caught.value.code == "printer_offline"
    assert caught.value.params.get("drawer_not_opened") is True  # told: open it by key


def test_a_refused_connection_leaves_the_drawer_shut_and_says_so(receipt):
    """Nothing listens (tester 24 #4, tcp://127.0.0.1:9109): no pulse could be sent."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(PosError) as caught:
        ReceiptPrinter(f"tcp://127.0.0.1:{port}", 48).print_receipt(receipt)
    assert caught.value.code == "printer_offline"
    assert caught.value.params.get("drawer_not_opened") is True
    card = make_receipt(tenders=(ReceiptTender("银联卡", 12700, "REF1", kind="card"),), change=0)
    with pytest.raises(PosError) as caught:
        ReceiptPrinter(f"tcp://127.0.0.1:{port}", 48).print_receipt(card)
    assert "drawer_not_opened" not in caught.value.params  # no drawer was due


@pytest.mark.parametrize("state", ["paper_out", "cover_open"])
def test_a_no_sale_kick_on_a_refusing_printer_pulses_now_and_says_the_drawer_opened(
        fake_printer, state):
    """25-FXB #2: ESC p would wait in the buffer and spring the drawer when paper is back."""
    fake_printer.set_state(state)
    with pytest.raises(PosError) as caught:
        ReceiptPrinter(fake_printer.url, 48).open_drawer()
    assert caught.value.params.get("drawer_opened") is True
    assert "drawer_not_opened" not in caught.value.params
    data = fake_printer.wait_for(DRAWER_KICK_NOW)
    assert ESC_P not in data


def test_a_no_sale_kick_on_a_dead_printer_leaves_the_drawer_to_its_key(fake_printer):
    fake_printer.set_state("dead")
    with pytest.raises(PosError) as caught:
        ReceiptPrinter(fake_printer.url, 48).open_drawer()
    assert caught.value.params.get("drawer_not_opened") is True
    assert "drawer_opened" not in caught.value.params


def test_a_refused_cash_refund_slip_pulses_now_and_its_reprint_kicks_nothing(fake_printer):
    """e1bbe64: the slip goes the cash receipt's way; F9's reprint of it opens nothing."""
    slip = return_slip(SlipRefund("cash", 350))
    printer = ReceiptPrinter(fake_printer.url, 48)
    fake_printer.set_state("paper_out")
    with pytest.raises(PosError) as caught:
        printer.print_return_slip(slip)
    assert "drawer_not_opened" not in caught.value.params
    assert DRAWER_KICK_NOW in fake_printer.wait_for(DRAWER_KICK_NOW)
    fake_printer.set_state("ok")
    sent = len(fake_printer.data())
    printer.print_return_slip(replace(slip, reprint=True))
    again = fake_printer.wait_for(b"\x1dV")[sent:]
    assert ESC_P not in again and DRAWER_KICK_NOW not in again
