"""The virtual printer keeps jobs and reads the ESC/POS bytes back as text."""

from __future__ import annotations

from devices.printer.escpos_render import render_receipt, render_test_page
from devices.printer.printer import ReceiptPrinter
from devices.printer.virtual import get_virtual_printer, render_text


def test_virtual_printer_records_jobs_and_tells_subscribers(receipt):
    shelf = get_virtual_printer("till-7")
    shelf.clear()
    seen: list[bytes] = []
    unsubscribe = shelf.subscribe(seen.append)
    printer = ReceiptPrinter("virtual:till-7", 32)
    printer.print_receipt(receipt)
    unsubscribe()
    printer.print_test_page()
    assert shelf.jobs[0] == render_receipt(receipt, 32)
    assert seen == [shelf.jobs[0]] and len(shelf.jobs) == 2
    assert printer.status().ok


def test_same_name_is_the_same_printer_in_process():
    assert get_virtual_printer() is get_virtual_printer("default")
    assert get_virtual_printer("a") is get_virtual_printer("a")


def test_render_text_round_trips_chinese_qr_and_cut(receipt):
    lines = render_text(render_receipt(receipt, 48), 48)
    assert "可口可乐 330ml" in lines
    assert "谢谢惠顾" in [line.strip() for line in lines]
    assert "[QR: SFR:0190f5e2-7b1c-7def-8abc-0123456789ab]" in lines
    assert lines[-1] == "-- cut --"
    total = next(line for line in lines if line.startswith("Total"))
    assert total.endswith("￥127.00")


def test_render_text_of_test_page_shows_the_sample():
    lines = render_text(render_test_page(32), 32)
    assert "打印测试 中文 ￥12.50" in lines
