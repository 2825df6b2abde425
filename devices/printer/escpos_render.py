"""Print operations -> ESC/POS bytes, built through python-escpos's Dummy printer.

python-escpos has no GB18030 profile and its CJK path is unreliable, so text is encoded here
as GB18030 and sent raw with the printer's Chinese mode on (FS &). Styles, the native QR code
(GS ( k), the cut and the drawer pulse come from the library's own commands.
"""

from __future__ import annotations

from collections.abc import Iterable

from devices.printer._escpos import QR_ECLEVEL_M, Dummy
from devices.printer.layout import layout_receipt
from devices.printer.ops import Cut, DrawerKick, Feed, PrintOp, QrCode, TextLine, check_columns
from devices.printer.test_page import layout_test_page
from pos_app.domain.receipt import Receipt

INIT = b"\x1b\x40"  # ESC @: forget whatever style the last job left behind
CHINESE_MODE_ON = b"\x1c\x26"  # FS &: bytes >= 0x81 start a two-byte GB character
#: GS ! n sizes both ASCII and Chinese characters (ESC ! only sizes ASCII).
SIZE_NORMAL = b"\x1d\x21\x00"
SIZE_DOUBLE = b"\x1d\x21\x11"

#: QR module size in dots per paper width: ~25 mm wide code for a 40-byte payload.
_QR_SIZE = {32: 6, 42: 7, 48: 8}


def encode_text(text: str) -> bytes:
    """Paper text as GB18030; anything the encoding cannot hold prints as "?"."""
    return text.encode("gb18030", errors="replace")


class _Renderer:
    """Sends each op to a Dummy printer, emitting style commands only when they change."""

    def __init__(self, columns: int) -> None:
        self.columns = columns
        self.printer = Dummy()
        self.bold = False
        self.double = False
        self.align = "left"
        self.printer._raw(INIT + CHINESE_MODE_ON + SIZE_NORMAL)

    def text(self, op: TextLine) -> None:
        if op.align != self.align:
            self.printer.set(align=op.align)
            self.align = op.align
        if op.bold != self.bold:
            self.printer.set(bold=op.bold)
            self.bold = op.bold
        if op.double != self.double:
            self.printer._raw(SIZE_DOUBLE if op.double else SIZE_NORMAL)
            self.double = op.double
        self.printer._raw(encode_text(op.text) + b"\n")

    def qr(self, op: QrCode) -> None:
        self.printer.set(align="center")
        self.align = "center"
        self.printer.qr(
            op.payload, ec=QR_ECLEVEL_M, size=_QR_SIZE.get(self.columns, 6), native=True
        )
        self.printer._raw(b"\n")

    def render(self, ops: Iterable[PrintOp]) -> bytes:
        for op in ops:
            if isinstance(op, TextLine):
                self.text(op)
            elif isinstance(op, QrCode):
                self.qr(op)
            elif isinstance(op, Feed):
                self.printer.print_and_feed(op.lines)
            elif isinstance(op, Cut):
                self.printer.cut(mode="PART" if op.partial else "FULL")
            elif isinstance(op, DrawerKick):
                self.printer.cashdraw(op.pin)
        return self.printer.output


def render_ops(ops: Iterable[PrintOp], columns: int) -> bytes:
    """Bytes for `ops`, starting with printer reset and Chinese mode."""
    return _Renderer(check_columns(columns)).render(ops)


def render_receipt(receipt: Receipt, columns: int) -> bytes:
    """The exact bytes sent to the printer for `receipt` at `columns` wide."""
    return render_ops(layout_receipt(receipt, columns), columns)


def render_test_page(columns: int) -> bytes:
    """Bytes of the printer test page (Chinese text, amounts, a QR code, a cut)."""
    return render_ops(layout_test_page(columns), columns)


def render_drawer_kick() -> bytes:
    """ESC p: open the cash drawer wired to the printer."""
    printer = Dummy()
    printer.cashdraw(2)
    return printer.output


#: DLE DC4 1 m t: pulse pin 2 (m=0) for 1 × 100 ms (ESC p's own 100 ms) at once, offline too.
DRAWER_KICK_NOW = b"\x10\x14\x01\x00\x01"


def render_drawer_kick_now() -> bytes:
    """The real-time drawer pulse (DLE DC4 1), which a printer carries out even when it
    is offline or out of paper (python-escpos has no command for it)."""
    return DRAWER_KICK_NOW
