"""Real-time printer status (DLE EOT n), read from the status bytes as the ESC/POS spec sets.

We ask before and after each job so that "out of paper" or "cover open" reaches the cashier
as a named error instead of a receipt silently lost in the printer's buffer.
"""

from __future__ import annotations

from dataclasses import dataclass

from pos_app.errors import PosError
from pos_app.i18n import _

DLE_EOT = b"\x10\x04"
PRINTER = 1  # n=1: printer status
OFFLINE_CAUSE = 2  # n=2: why the printer is offline
PAPER_SENSOR = 4  # n=4: roll paper sensor
QUERIES = (PRINTER, OFFLINE_CAUSE, PAPER_SENSOR)

# Every status byte is 0xx1xx10: bits 1 and 4 set, bits 0 and 7 clear.
_FIXED_MASK = 0b1001_0011
_FIXED_VALUE = 0b0001_0010

_OFFLINE = 0x08  # n=1 bit 3
_COVER_OPEN = 0x04  # n=2 bit 2
_PAPER_END_STOP = 0x20  # n=2 bit 5: printing stopped at paper end
_ERROR = 0x40  # n=2 bit 6
_NEAR_END = 0x0C  # n=4 bits 2-3
_PAPER_END = 0x60  # n=4 bits 5-6


def query(n: int) -> bytes:
    """DLE EOT n: answered at once, even while the printer is offline or busy."""
    if n not in (1, 2, 3, 4):
        raise ValueError(f"DLE EOT has no status {n}")
    return DLE_EOT + bytes([n])


def is_status_byte(value: int) -> bool:
    """True for a byte with the fixed bits of a DLE EOT reply."""
    return value & _FIXED_MASK == _FIXED_VALUE


@dataclass(frozen=True)
class PrinterStatus:
    """What the printer said; `ok` means a job can print now (near-end still prints)."""

    ok: bool = True
    offline: bool = False
    cover_open: bool = False
    paper_out: bool = False
    paper_near_end: bool = False
    error: bool = False


OK = PrinterStatus()


def parse_status(replies: dict[int, int]) -> PrinterStatus:
    """Status from the reply byte of each query n (missing queries count as clear)."""
    printer = replies.get(PRINTER, _FIXED_VALUE)
    cause = replies.get(OFFLINE_CAUSE, _FIXED_VALUE)
    paper = replies.get(PAPER_SENSOR, _FIXED_VALUE)
    for n, value in ((PRINTER, printer), (OFFLINE_CAUSE, cause), (PAPER_SENSOR, paper)):
        if not is_status_byte(value):
            raise ValueError(f"0x{value:02x} is not a DLE EOT {n} status byte")
    cover_open = bool(cause & _COVER_OPEN)
    paper_out = bool(paper & _PAPER_END) or bool(cause & _PAPER_END_STOP)
    error = bool(cause & _ERROR)
    offline = bool(printer & _OFFLINE) or cover_open or paper_out or error
    return PrinterStatus(
        ok=not offline,
        offline=offline,
        cover_open=cover_open,
        paper_out=paper_out,
        paper_near_end=bool(paper & _NEAR_END) and not paper_out,
        error=error,
    )


def parse_reply_bytes(data: bytes) -> PrinterStatus:
    """Status from the replies to QUERIES sent in order, one byte each."""
    if len(data) < len(QUERIES):
        raise ValueError(f"expected {len(QUERIES)} status bytes, got {len(data)}")
    return parse_status(dict(zip(QUERIES, data, strict=False)))


def status_error(status: PrinterStatus | None) -> PosError | None:
    """The error a cashier should see for `status`, most actionable cause first."""
    if status is None or status.ok:
        return None
    if status.cover_open:
        return PosError("printer_cover_open")
    if status.paper_out:
        return PosError("printer_paper_out")
    if status.error:
        return PosError("printer_error", detail=_("the printer reports a fault"))
    return PosError("printer_offline", detail=_("the printer reports it is offline"))


def raise_for_status(status: PrinterStatus | None) -> None:
    """Raise the named PosError for a bad status; do nothing when fine or unknown."""
    error = status_error(status)
    if error is not None:
        raise error
