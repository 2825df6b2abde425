"""Printing to a (fake) network printer in each state gives the cashier the right error."""

from __future__ import annotations

import threading

import pytest

from devices.printer.printer import ReceiptPrinter
from devices.printer.status import PrinterStatus
from pos_app.errors import PosError


def test_good_printer_gets_the_receipt_and_is_asked_for_status(fake_printer, receipt):
    printer = ReceiptPrinter(fake_printer.url, 48)
    printer.print_receipt(receipt)
    data = fake_printer.data()
    assert "可口可乐".encode("gb18030") in data
    assert b"SFR:0190f5e2-7b1c-7def-8abc-0123456789ab" in data
    assert fake_printer.status_queries == [1, 2, 4, 1, 2, 4]  # before and after the job
    assert printer.status() == PrinterStatus()


@pytest.mark.parametrize(
    ("state", "code"),
    [
        ("paper_out", "printer_paper_out"),
        ("cover_open", "printer_cover_open"),
        ("offline", "printer_offline"),
        ("error", "printer_error"),
        ("dead", "printer_offline"),
    ],
)
def test_troubled_printer_raises_the_named_error_and_gets_no_job(
    fake_printer, receipt, state, code
):
    printer = ReceiptPrinter(fake_printer.url, 32)
    fake_printer.set_state(state)
    with pytest.raises(PosError) as caught:
        printer.print_receipt(receipt)
    assert caught.value.code == code
    assert "可口可乐".encode("gb18030") not in fake_printer.data()


def test_status_of_each_state(fake_printer):
    printer = ReceiptPrinter(fake_printer.url)
    fake_printer.set_state("paper_out")
    assert printer.status().paper_out
    fake_printer.set_state("cover_open")
    assert printer.status().cover_open
    fake_printer.set_state("near_end")
    assert printer.status() == PrinterStatus(paper_near_end=True)
    fake_printer.set_state("dead")
    with pytest.raises(PosError) as caught:
        printer.status()
    assert caught.value.code == "printer_offline"


def test_printer_that_never_answers_status_still_prints(fake_printer, receipt):
    fake_printer.set_state("silent")
    printer = ReceiptPrinter(fake_printer.url)
    assert printer.status() is None
    printer.print_receipt(receipt)
    assert "可口可乐".encode("gb18030") in fake_printer.wait_for(b"\x1dV")


def test_drawer_kick_reaches_the_printer(fake_printer):
    ReceiptPrinter(fake_printer.url).open_drawer()
    assert b"\x1bp\x00" in fake_printer.wait_for(b"\x1bp\x00")


def test_jobs_from_worker_threads_do_not_interleave(fake_printer, receipt):
    printer = ReceiptPrinter(fake_printer.url, 32)
    workers = [threading.Thread(target=printer.print_receipt, args=(receipt,)) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)
    from devices.printer.escpos_render import render_receipt

    # Each job waits for its after-status reply, so all job bytes have arrived by now.
    assert fake_printer.data().count(render_receipt(receipt, 32)) == 4


def test_a_printer_that_goes_silent_is_reported_not_trusted(fake_printer, receipt):
    """It answered status before, then stops: the job is refused as not printed, and the
    cashier is told (the sale itself is never touched by printing)."""
    printer = ReceiptPrinter(fake_printer.url)
    printer.print_receipt(receipt)  # answered: ok
    fake_printer.set_state("silent")
    with pytest.raises(PosError) as info:
        printer.print_receipt(receipt)
    assert info.value.code == "printer_silent"
    fake_printer.set_state("ok")
    printer.print_receipt(receipt)  # back: prints again


def test_a_printer_that_goes_silent_during_the_receipt_says_it_may_not_have_printed(receipt):
    from tests.devices.printer.fake_printer import FakeNetworkPrinter

    class HangsAfterTheCut(FakeNetworkPrinter):
        def _answer_queries(self, conn, data):
            if b"\x1dV" in self.received:
                self.state = "silent"  # the cable is pulled as the paper is cut
            return super()._answer_queries(conn, data)

    fake = HangsAfterTheCut()
    try:
        printer = ReceiptPrinter(fake.url)
        with pytest.raises(PosError) as info:
            printer.print_receipt(receipt)
        assert info.value.code == "printer_unconfirmed"
        assert "may not" in info.value.message()
    finally:
        fake.close()
