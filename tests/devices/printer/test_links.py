"""Printer URLs: each kind parses to its link; bad ones are refused by name."""

from __future__ import annotations

import sys

import pytest

from devices.printer.links import FileLink, VirtualLink, parse_printer_url
from devices.printer.printer import ReceiptPrinter
from devices.printer.stream_links import SerialLink, TcpLink, UsbLink
from pos_app.errors import PosError


def test_each_kind_of_url_parses():
    tcp = parse_printer_url("tcp://192.168.1.50:9100")
    assert isinstance(tcp, TcpLink) and (tcp.host, tcp.port) == ("192.168.1.50", 9100)
    assert parse_printer_url("tcp://printer.local").port == 9100
    usb = parse_printer_url("usb://04b8:0E15")
    assert isinstance(usb, UsbLink) and (usb.vendor, usb.product) == (0x04B8, 0x0E15)
    serial = parse_printer_url("serial:///dev/ttyS0?baud=19200")
    assert isinstance(serial, SerialLink) and (serial.device, serial.baudrate) == (
        "/dev/ttyS0",
        19200,
    )
    assert parse_printer_url("serial://COM3").device == "COM3"
    file = parse_printer_url("file:///tmp/receipts.bin")
    assert isinstance(file, FileLink) and str(file.path) == "/tmp/receipts.bin"
    assert isinstance(parse_printer_url("virtual:"), VirtualLink)


@pytest.mark.parametrize(
    "url",
    [
        "",
        "printer",
        "http://x",
        "tcp://",
        "tcp://host:99999",
        "tcp://host:abc",
        "tcp:host",
        "usb://04b8",
        "usb://zz:11",
        "usb://04b8:0e15:1",
        "serial://",
        "serial:///dev/ttyS0?baud=7",
        "file://",
        "file://server/share/x",
        "file:///tmp/dir/",
        "virtual:bad name!",
        "win32://",
    ],
)
def test_bad_urls_are_refused(url):
    with pytest.raises(PosError) as caught:
        parse_printer_url(url)
    assert caught.value.code == "printer_url_invalid"
    assert url in caught.value.message()


@pytest.mark.skipif(sys.platform == "win32", reason="spooler printers are real on Windows")
def test_windows_spooler_printer_is_unsupported_here():
    with pytest.raises(PosError) as caught:
        ReceiptPrinter("win32://EPSON TM-T88V Receipt")
    assert caught.value.code == "printer_unsupported"
    assert "Windows" in caught.value.message()


def test_file_link_appends_each_job(tmp_path, receipt):
    target = tmp_path / "out.bin"
    printer = ReceiptPrinter(f"file://{target}", 32)
    printer.print_receipt(receipt)
    first = target.read_bytes()
    printer.print_receipt(receipt)
    assert "可口可乐".encode("gb18030") in first
    assert target.read_bytes() == first * 2
    assert printer.status() is None


def test_unwritable_file_is_offline_not_a_traceback(tmp_path, receipt):
    printer = ReceiptPrinter(f"file://{tmp_path}/missing-dir/out.bin")
    with pytest.raises(PosError) as caught:
        printer.print_receipt(receipt)
    assert caught.value.code == "printer_offline"


def test_missing_usb_and_serial_devices_are_offline(receipt):
    for url in ("usb://dead:beef", "serial:///dev/does-not-exist"):
        with pytest.raises(PosError) as caught:
            ReceiptPrinter(url).print_receipt(receipt)
        assert caught.value.code == "printer_offline", url


def test_unsupported_width_is_refused():
    with pytest.raises(PosError) as caught:
        ReceiptPrinter("virtual:", 40)
    assert caught.value.code == "printer_columns_invalid"
