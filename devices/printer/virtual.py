"""The virtual printer: keeps the jobs sent to `virtual:` links and reads them back as text.

For the demo and for stores without a printer, the UI shows what would have printed. The
same bytes a real printer gets are interpreted here (GB18030 text, alignment, QR, cut), so
the window also proves the ESC/POS output.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from devices.printer.cells import cells, justify, pad

Listener = Callable[[bytes], None]

ESC, GS, FS, DLE = 0x1B, 0x1D, 0x1C, 0x10
# Number of argument bytes after ESC x / GS x / FS x for the fixed-length commands we meet.
_ESC_ARGS = {
    b"@": 0,
    b"a": 1,
    b"!": 1,
    b"E": 1,
    b"-": 1,
    b"M": 1,
    b"t": 1,
    b"G": 1,
    b"R": 1,
    b"2": 0,
    b"3": 1,
    b"J": 1,
    b"d": 1,
    b"e": 1,
    b"V": 1,
    b"{": 1,
    b"c": 2,
    b"p": 3,
    b"r": 1,
    b"U": 1,
    b"S": 0,
    b"L": 0,
    b" ": 1,
    b"$": 2,
    b"\\": 2,
    b"=": 1,
    b"i": 0,
    b"m": 0,
}
_GS_ARGS = {
    b"!": 1,
    b"B": 1,
    b"H": 1,
    b"f": 1,
    b"h": 1,
    b"w": 1,
    b"L": 2,
    b"W": 2,
    b"b": 1,
    b"a": 1,
    b"r": 1,
    b"I": 1,
    b"P": 2,
    b"x": 1,
}
_FS_ARGS = {b"&": 0, b".": 0, b"!": 1, b"-": 1, b"W": 1, b"C": 1, b"S": 2, b"p": 2}


class VirtualPrinter:
    """An in-process printer: records jobs and tells listeners (e.g. a window) about each."""

    def __init__(self, name: str = "default") -> None:
        self.name = name
        self._jobs: list[bytes] = []
        self._listeners: list[Listener] = []
        self._lock = threading.Lock()

    def receive(self, data: bytes) -> None:
        """Take one job. Listeners run on the caller's thread: a UI must hop to its own."""
        with self._lock:
            self._jobs.append(bytes(data))
            listeners = list(self._listeners)
        for listener in listeners:
            listener(bytes(data))

    @property
    def jobs(self) -> list[bytes]:
        with self._lock:
            return list(self._jobs)

    def clear(self) -> None:
        with self._lock:
            self._jobs.clear()

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener(bytes)` for every later job; returns the unsubscribe function."""
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def last_text(self, columns: int = 48) -> list[str]:
        jobs = self.jobs
        return render_text(jobs[-1], columns) if jobs else []


_registry: dict[str, VirtualPrinter] = {}
_registry_lock = threading.Lock()


def get_virtual_printer(name: str = "") -> VirtualPrinter:
    """The one VirtualPrinter for `name` in this process ("" and "default" are the same)."""
    key = name or "default"
    with _registry_lock:
        if key not in _registry:
            _registry[key] = VirtualPrinter(key)
        return _registry[key]


class _TextReader:
    """A small ESC/POS interpreter that only cares about what ends up readable on paper."""

    def __init__(self, data: bytes, columns: int) -> None:
        self.data = data
        self.columns = columns
        self.pos = 0
        self.lines: list[str] = []
        self.buffer = bytearray()
        self.align = 0
        self.scale = 1
        self.qr_data = b""

    def flush(self) -> None:
        text = self.buffer.decode("gb18030", errors="replace").rstrip()
        self.buffer.clear()
        width = self.columns // self.scale
        if self.scale > 1 and self.align == 0 and "  " in text.strip():
            # Shown at single size: stretch the gap so the amount still ends at the edge.
            left, right = text.split("  ", 1)
            text = justify(left, right.strip(), self.columns)
        elif self.align == 1 and cells(text) <= width:
            text = pad(text, self.columns, "center").rstrip()
        elif self.align == 2:
            text = pad(text, self.columns, "right")
        self.lines.append(text)

    def emit(self, marker: str) -> None:
        if self.buffer:
            self.flush()
        self.lines.append(marker)

    def skip(self, count: int) -> bytes:
        chunk = self.data[self.pos : self.pos + count]
        self.pos += count
        return chunk

    def run(self) -> list[str]:
        while self.pos < len(self.data):
            byte = self.data[self.pos]
            self.pos += 1
            if byte == 0x0A:
                self.flush()
            elif byte == ESC:
                self.esc()
            elif byte == GS:
                self.gs()
            elif byte == FS:
                self.skip(_FS_ARGS.get(self.skip(1), 0))
            elif byte == DLE:
                self.dle()
            elif byte == 0x09:
                self.buffer += b" "
            elif byte >= 0x20:
                self.buffer.append(byte)
                if byte >= 0x81 and self.pos < len(self.data):
                    four_byte = 0x30 <= self.data[self.pos] <= 0x39
                    self.buffer += self.skip(3 if four_byte else 1)  # rest of a GB char
        if self.buffer:
            self.flush()
        return self.lines

    def esc(self) -> None:
        command = self.skip(1)
        args = self.skip(_ESC_ARGS.get(command, 0))
        if command == b"a" and args:
            self.align = args[0] % 48
        elif command == b"d" and args:
            if self.buffer:
                self.flush()
            self.lines.extend([""] * args[0])
        elif command == b"p":
            self.emit("-- drawer --")
        elif command == b"@":
            self.align, self.scale = 0, 1

    def gs(self) -> None:
        command = self.skip(1)
        if command == b"V":
            mode = self.skip(1)
            if mode and mode[0] in (65, 66, 97, 98, 103, 104):
                self.skip(1)
            self.emit("-- cut --")
        elif command == b"(":
            self.gs_paren()
        elif command == b"k":
            self.barcode()
        elif command == b"v":
            header = self.skip(6)  # '0' m xL xH yL yH
            if len(header) == 6:
                self.skip((header[2] + header[3] * 256) * (header[4] + header[5] * 256))
            self.emit("[image]")
        else:
            args = self.skip(_GS_ARGS.get(command, 0))
            if command == b"!" and args:
                self.scale = (args[0] >> 4) + 1

    def gs_paren(self) -> None:
        """GS ( X pL pH ...: QR code data (GS ( k fn 80) and print (fn 81); others skipped."""
        function, size = self.skip(1), self.skip(2)
        if len(size) < 2:
            return
        body = self.skip(size[0] + size[1] * 256)
        if function != b"k" or len(body) < 2 or body[0] != 49:
            return
        if body[1] == 80:
            self.qr_data = body[3:]
        elif body[1] == 81:
            self.emit(f"[QR: {self.qr_data.decode('utf-8', errors='replace')}]")

    def barcode(self) -> None:
        kind = self.skip(1)
        if kind and kind[0] <= 6:
            end = self.data.find(b"\x00", self.pos)
            end = len(self.data) if end < 0 else end
            code = self.data[self.pos : end]
            self.pos = end + 1
        else:
            code = self.skip(self.skip(1)[0] if self.pos < len(self.data) else 0)
        self.emit(f"[Barcode: {code.decode('ascii', errors='replace')}]")

    def dle(self) -> None:
        command = self.skip(1)
        if command in (b"\x04", b"\x05"):
            self.skip(1)
        elif command == b"\x14" and self.skip(3)[:1] == b"\x01":  # DLE DC4 1: drawer now
            self.emit("-- drawer --")


def render_text(data: bytes, columns: int = 48) -> list[str]:
    """ESC/POS bytes back to the plain text lines they print (QR and cut as markers)."""
    return _TextReader(bytes(data), columns).run()
