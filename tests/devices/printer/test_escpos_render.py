"""Receipt bytes: GB18030 text in Chinese mode, native QR, cut, drawer kick."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from devices.printer.cells import cells
from devices.printer.escpos_render import (
    CHINESE_MODE_ON,
    render_drawer_kick,
    render_receipt,
    render_test_page,
)
from devices.printer.virtual import render_text
from tests.devices.printer.conftest import make_receipt

YUAN_GB = "￥".encode("gb18030")


def test_receipt_bytes_carry_chinese_as_gb18030_in_chinese_mode(receipt):
    data = render_receipt(receipt, 48)
    assert data.startswith(b"\x1b@" + CHINESE_MODE_ON)
    assert "可口可乐".encode("gb18030") in data
    assert YUAN_GB == b"\xa3\xa4"
    assert "￥127.00".encode("gb18030") in data
    assert "可口可乐".encode() not in data  # no UTF-8 leaks to the printer


def test_receipt_bytes_have_native_qr_with_sale_payload_and_a_cut(receipt):
    data = render_receipt(receipt, 48)
    payload = b"SFR:0190f5e2-7b1c-7def-8abc-0123456789ab"
    assert b"\x1d(k" + bytes([len(payload) + 3, 0]) + b"1P0" + payload in data
    assert b"\x1d(k\x03\x001Q0" in data  # print the stored symbol
    assert b"\x1dV\x00" in data  # full cut


def test_qr_is_smaller_on_58_mm_paper(receipt):
    assert b"\x1d(k\x03\x001C\x06" in render_receipt(receipt, 32)
    assert b"\x1d(k\x03\x001C\x08" in render_receipt(receipt, 48)


def test_total_is_double_size_for_chinese_too(receipt):
    data = render_receipt(receipt, 32)
    assert b"\x1d!\x11" in data and b"\x1bE\x01" in data


def test_drawer_kick_is_esc_p():
    assert render_drawer_kick().startswith(b"\x1bp\x00")


def test_test_page_prints_chinese_amounts_and_qr():
    data = render_test_page(32)
    assert "打印测试 中文 ￥12.50".encode("gb18030") in data
    assert b"1P0SFR:" in data and b"\x1dV" in data


def test_32_and_48_columns_align_chinese_rows(receipt):
    for columns in (32, 48):
        lines = render_text(render_receipt(receipt, columns), columns)
        row = next(line for line in lines if line.startswith("  2 x"))
        assert cells(row) == columns and row.endswith("￥7.00")


@settings(max_examples=40, deadline=None)
@given(
    name=st.text(alphabet=st.sampled_from(list("可口乐中文ab xyz￥12")), max_size=70),
    columns=st.sampled_from([32, 42, 48]),
)
def test_every_rendered_text_line_fits_in_cells(name, columns):
    receipt = make_receipt(store_name=name or "店", cashier_name=name, footer=name)
    for line in render_text(render_receipt(receipt, columns), columns):
        if not line.startswith("[QR:"):
            assert cells(line) <= columns, line
