"""Serial (COM/tty, or USB-COM mode) scanners: each code arrives as one line, no keyboard.

USB-COM mode bypasses the keyboard entirely, so no input method or focus can interfere;
the reader runs on its own thread and hands complete codes to a callback.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from urllib.parse import parse_qs, urlparse

import serial

from pos_app.errors import PosError
from pos_app.i18n import _

log = logging.getLogger(__name__)

BAUDS = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)
MAX_CODE = 512
TERMINATORS = (b"\r", b"\n", b"\t")


def parse_port(spec: str) -> tuple[str, int]:
    """'/dev/ttyACM0', 'COM3', or 'serial:///dev/ttyACM0?baud=9600' -> (port, baud)."""
    text = spec.strip()
    baud = 9600
    if text.startswith("serial:"):
        url = urlparse(text)
        port = url.path or url.netloc
        if url.netloc and url.path:
            port = url.netloc + url.path
        query = parse_qs(url.query)
        if "baud" in query:
            try:
                baud = int(query["baud"][0])
            except ValueError:
                baud = -1
        text = port
    if not text:
        raise PosError("scanner_port_invalid", port=spec, detail=_("name the port"))
    if baud not in BAUDS:
        raise PosError("scanner_port_invalid", port=spec,
                       detail=_("baud must be one of {bauds}").format(bauds=BAUDS))
    return text, baud


class LineSplitter:
    """Bytes in, complete codes out: CR, LF or Tab end a code; runaway input is dropped."""

    def __init__(self) -> None:
        self._buffer = bytearray()

    def feed(self, data: bytes) -> list[str]:
        codes: list[str] = []
        for byte in data:
            if bytes([byte]) in TERMINATORS:
                if self._buffer:
                    codes.append(self._buffer.decode("utf-8", errors="replace").strip())
                    self._buffer.clear()
            elif len(self._buffer) < MAX_CODE:
                self._buffer.append(byte)
            else:  # no terminator in 512 bytes: not a scanner talking, start over
                self._buffer.clear()
        return [c for c in codes if c]


class SerialScanner:
    """Reads codes from a serial port on a daemon thread; `on_code(str)` runs on that thread."""

    def __init__(self, spec: str, on_code: Callable[[str], None],
                 on_error: Callable[[PosError], None] | None = None) -> None:
        self.port, self.baud = parse_port(spec)
        self._on_code = on_code
        self._on_error = on_error
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._serial: serial.Serial | None = None

    def start(self) -> None:
        """Open the port now (so a wrong port is reported at once), then read in the background."""
        try:
            self._serial = serial.Serial(self.port, self.baud, timeout=0.2)
        except (serial.SerialException, OSError, ValueError) as exc:
            raise PosError("scanner_port_unavailable", port=self.port, detail=str(exc)) from exc
        self._thread = threading.Thread(target=self._run, name="serial-scanner", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        splitter = LineSplitter()
        port = self._serial
        assert port is not None
        while not self._stop.is_set():
            try:
                data = port.read(256)
            except (serial.SerialException, OSError) as exc:
                if not self._stop.is_set() and self._on_error is not None:
                    self._on_error(PosError("scanner_port_unavailable", port=self.port,
                                            detail=str(exc)))
                return
            for code in splitter.feed(data):
                try:
                    self._on_code(code)
                except Exception:  # a broken listener must not stop the scanner
                    log.exception("serial scan listener failed")

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(2)
            self._thread = None
        if self._serial is not None:
            self._serial.close()
            self._serial = None
