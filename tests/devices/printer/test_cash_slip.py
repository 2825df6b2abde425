"""The cash in / out / no-sale slip (the drawer's paper trail): its ESC/POS bytes, Chinese in
GB18030 as the receipt's, read back through the virtual printer's renderer, and sent over a
real socket to the fake network printer; never a drawer pulse (the drawer is kicked on its
own when the move is recorded, and a reprint must not open it)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from devices.printer.cash_slip import layout_cash_slip, render_cash_slip
from devices.printer.escpos_render import CHINESE_MODE_ON
from devices.printer.layout import line_fits
from devices.printer.ops import Cut, TextLine
from devices.printer.printer import ReceiptPrinter
from devices.printer.virtual import render_text
from pos_app.domain.shifts.cash_slip import CashSlip
from tests.devices.printer.fake_printer import FakeNetworkPrinter

ESC_P = b"\x1bp"
CASH_OUT = CashSlip(
    store_name="静安店", store_code="S01", terminal_code="T01", shift_no="0190f5e2",
    slip_no="S01-T01-C000003", move_id="0190f5e2-7b1c-7def-8abc-0123456789ab",
    at=datetime(2026, 12, 7, 22, 1, 5), kind="out", amount=12345,
    reason_code="bank_deposit", note="交银行，周一早上", staff_name="王小明",
    approver_name="李经理", drawer_after=50000, language="zh_CN")


def test_a_cash_out_slip_in_chinese_holds_the_move_and_a_signature_line():
    data = render_cash_slip(CASH_OUT, 32)
    assert CHINESE_MODE_ON in data
    for text in ("静安店", "取出现金", "存入银行", "交银行，周一早上", "王小明", "李经理",
                 "\uffe5123.45", "\uffe5500.00"):
        assert text.encode("gb18030") in data, text
    lines = render_text(data, 32)
    assert any("S01-T01-C000003" in line for line in lines)
    assert any("2026-12-07 22:01:05" in line for line in lines)
    assert any(line.rstrip().endswith("____") for line in lines)  # where the cashier signs
    assert lines[-1] == "-- cut --" and "-- drawer --" not in lines
    assert ESC_P not in data


def test_every_line_fits_58_and_80_mm_paper_and_the_slip_ends_with_a_cut():
    for columns in (32, 42, 48):
        for slip in (CASH_OUT, replace(CASH_OUT, language="en", note="x" * 200)):
            ops = layout_cash_slip(slip, columns)
            assert isinstance(ops[-1], Cut)
            assert all(line_fits(op, columns) for op in ops if isinstance(op, TextLine))


def test_a_no_sale_slip_names_its_approver_and_a_reprint_says_so_in_english():
    slip = replace(CASH_OUT, kind="no_sale", amount=0, reason_code="no_sale", note="",
                   drawer_after=None, language="en", reprint=True)
    text = "\n".join(render_text(render_cash_slip(slip, 48), 48))
    assert "*** Reprint ***" in text and "Approved by" in text and "李经理" in text
    assert "Signature: ____" in text and "\uffe5" not in text  # no amount, no drawer figure


def test_the_slip_reaches_a_network_printer_over_its_socket(fake_printer: FakeNetworkPrinter):
    printer = ReceiptPrinter(f"tcp://127.0.0.1:{fake_printer.port}", columns=32)
    printer.print_cash_slip(CASH_OUT)
    got = fake_printer.wait_for("王小明".encode("gb18030"))
    assert render_cash_slip(CASH_OUT, 32) in got and ESC_P not in got
