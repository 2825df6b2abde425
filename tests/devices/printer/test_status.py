"""DLE EOT status bytes read as the ESC/POS spec defines them."""

from __future__ import annotations

import pytest

from devices.printer.status import (
    PrinterStatus,
    parse_reply_bytes,
    parse_status,
    query,
    raise_for_status,
    status_error,
)
from pos_app.errors import PosError
from tests.devices.printer.fake_printer import STATUS_BYTES


def state(name: str) -> PrinterStatus:
    return parse_status({n: STATUS_BYTES[name][n] for n in (1, 2, 4)})


def test_queries_are_dle_eot_n():
    assert [query(n) for n in (1, 2, 4)] == [b"\x10\x04\x01", b"\x10\x04\x02", b"\x10\x04\x04"]


def test_each_state_reads_back():
    assert state("ok") == PrinterStatus()
    assert state("near_end") == PrinterStatus(paper_near_end=True)
    assert state("paper_out") == PrinterStatus(ok=False, offline=True, paper_out=True)
    assert state("cover_open") == PrinterStatus(ok=False, offline=True, cover_open=True)
    assert state("offline") == PrinterStatus(ok=False, offline=True)
    assert state("error") == PrinterStatus(ok=False, offline=True, error=True)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("ok", None),
        ("near_end", None),
        ("paper_out", "printer_paper_out"),
        ("cover_open", "printer_cover_open"),
        ("offline", "printer_offline"),
        ("error", "printer_error"),
    ],
)
def test_bad_status_becomes_the_named_error(name, code):
    error = status_error(state(name))
    assert (error.code if error else None) == code
    if code:
        with pytest.raises(PosError) as caught:
            raise_for_status(state(name))
        assert caught.value.code == code


def test_unknown_status_is_not_an_error():
    assert status_error(None) is None


def test_reply_bytes_in_query_order_and_garbage_refused():
    assert parse_reply_bytes(b"\x12\x12\x72").paper_out
    with pytest.raises(ValueError):
        parse_reply_bytes(b"\xff\x12\x12")
    with pytest.raises(ValueError):
        parse_reply_bytes(b"\x12")
