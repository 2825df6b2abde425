"""A serial scanner over a real pseudo-terminal: bytes written to the master arrive as codes."""

from __future__ import annotations

import os
import threading

import pytest
from hypothesis import given
from hypothesis import strategies as st

from devices.scanner.serial_reader import LineSplitter, SerialScanner, parse_port
from pos_app.errors import PosError


@pytest.fixture
def pty_port():
    master, slave = os.openpty()
    yield master, os.ttyname(slave)
    os.close(master)
    os.close(slave)


def test_codes_written_to_the_port_arrive_in_order(pty_port):
    master, path = pty_port
    got: list[str] = []
    done = threading.Event()

    def on_code(code: str) -> None:
        got.append(code)
        if len(got) == 3:
            done.set()

    scanner = SerialScanner(f"serial://{path}?baud=9600", on_code)
    scanner.start()
    try:
        os.write(master, b"6901234567892\r")
        os.write(master, b"(01)06901234567892(21)A1")
        os.write(master, b"B2\r\nSFU:SKU-1:X9\n")
        assert done.wait(5)
    finally:
        scanner.stop()
    assert got == ["6901234567892", "(01)06901234567892(21)A1B2", "SFU:SKU-1:X9"]


def test_a_missing_port_is_reported_when_opening():
    with pytest.raises(PosError) as info:
        SerialScanner("/dev/does-not-exist-ttyX", lambda _c: None).start()
    assert info.value.code == "scanner_port_unavailable"


@pytest.mark.parametrize("spec", ["", "serial://", "serial:///dev/ttyS0?baud=123",
                                  "serial:///dev/ttyS0?baud=fast"])
def test_bad_port_settings_are_refused(spec):
    with pytest.raises(PosError) as info:
        parse_port(spec)
    assert info.value.code == "scanner_port_invalid"


def test_port_forms():
    assert parse_port("COM3") == ("COM3", 9600)
    assert parse_port("serial:///dev/ttyACM0?baud=115200") == ("/dev/ttyACM0", 115200)


@given(st.lists(st.binary(max_size=40), max_size=20))
def test_splitter_never_raises_and_yields_no_terminators(chunks):
    splitter = LineSplitter()
    for chunk in chunks:
        for code in splitter.feed(chunk):
            assert code and not any(t in code for t in "\r\n\t")
