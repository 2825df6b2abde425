"""Printer URLs -> links: tcp://, usb://, serial://, file://, win32:// and virtual:.

One string in the settings names the printer; this module is the only place that reads it,
and a bad one is refused as printer_url_invalid before anything tries to print.
"""

from __future__ import annotations

import contextlib
import re
import sys
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from devices.printer.link_base import PrinterLink, offline
from devices.printer.status import OK, PrinterStatus
from devices.printer.stream_links import SerialLink, TcpLink, UsbLink
from devices.printer.virtual import VirtualPrinter, get_virtual_printer
from pos_app.errors import PosError
from pos_app.i18n import _

DEFAULT_TCP_PORT = 9100
DEFAULT_BAUD = 9600
SCHEMES = ("tcp", "usb", "serial", "file", "win32", "virtual")
_HEX_ID = re.compile(r"^(?:0x)?([0-9a-fA-F]{1,4})$")
_BAUDS = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)


class FileLink(PrinterLink):
    """Appends each job to a file or device node (/dev/usb/lp0, a capture file)."""

    def __init__(self, url: str, path: Path) -> None:
        self.url, self.path = url, path

    def write(self, data: bytes) -> None:
        try:
            with self.path.open("ab") as fh:
                fh.write(data)
        except OSError as error:
            raise offline(str(self.path), error) from error


class VirtualLink(PrinterLink):
    """Jobs go to the in-process VirtualPrinter of that name; it never fails."""

    def __init__(self, url: str, printer: VirtualPrinter) -> None:
        self.url, self.printer = url, printer

    def write(self, data: bytes) -> None:
        self.printer.receive(data)

    def read_status(self) -> PrinterStatus | None:
        return OK


class Win32Link(PrinterLink):
    """A Windows spooler queue fed RAW bytes (python-escpos Win32Raw, needs pywin32)."""

    def __init__(self, url: str, name: str) -> None:
        if sys.platform != "win32":
            raise PosError(
                "printer_unsupported",
                detail=_(
                    "win32:// printers exist only on Windows; use tcp://, usb://, "
                    "serial:// or file:// here"
                ),
            )
        self.url, self.name = url, name
        self._printer: object | None = None

    def open(self) -> None:
        self.close()
        try:
            from devices.printer._escpos import Win32Raw

            printer = Win32Raw(self.name)
            printer.open(job_name="Shopfloor receipt")
        except RuntimeError as error:  # python-escpos: pywin32 missing
            raise PosError("printer_unsupported", detail=str(error)) from error
        except Exception as error:  # spooler errors come as pywintypes.error
            raise offline(self.name, error) from error
        self._printer = printer

    def write(self, data: bytes) -> None:
        if self._printer is None:
            self.open()
        try:
            self._printer._raw(data)  # type: ignore[attr-defined]
        except Exception as error:
            raise offline(self.name, error) from error

    def close(self) -> None:
        printer, self._printer = self._printer, None
        if printer is not None:
            with contextlib.suppress(Exception):
                printer.close()  # type: ignore[attr-defined]


def parse_printer_url(url: str) -> PrinterLink:
    """The link for `url`, or PosError("printer_url_invalid") saying what is wrong."""
    text = (url or "").strip()
    scheme, sep, rest = text.partition(":")
    scheme = scheme.lower()
    if not sep or scheme not in SCHEMES:
        raise _invalid(url, _("use tcp://, usb://, serial://, file://, win32:// or virtual:"))
    if scheme == "virtual":
        name = rest.lstrip("/")
        if not re.fullmatch(r"[\w.-]*", name):
            raise _invalid(url, _("a virtual printer name is letters, digits, - or _"))
        return VirtualLink(text, get_virtual_printer(name))
    if not rest.startswith("//"):
        raise _invalid(url, _("the address must start with {scheme}://").format(scheme=scheme))
    parts = urlsplit(text)
    if scheme == "tcp":
        return _tcp(text, parts)
    if scheme == "usb":
        return _usb(text, parts.netloc + parts.path, parse_qs(parts.query))
    if scheme == "serial":
        return _serial(text, parts)
    if scheme == "file":
        return _file(text, parts)
    name = unquote(text[len("win32://") :]).strip()
    if not name:
        raise _invalid(url, _("name the Windows printer"))
    return Win32Link(text, name)


def _tcp(url: str, parts) -> TcpLink:  # type: ignore[no-untyped-def]
    try:
        host, port = parts.hostname, parts.port
    except ValueError as error:
        raise _invalid(url, _("the port must be a number from 1 to 65535")) from error
    if not host or parts.path.strip("/") or parts.query:
        raise _invalid(url, _("write it as tcp://host:9100"))
    if port == 0:
        raise _invalid(url, _("the port must be a number from 1 to 65535"))
    return TcpLink(url, host, port or DEFAULT_TCP_PORT)


def _usb(url: str, ids: str, query: dict[str, list[str]]) -> UsbLink:
    vendor_text, sep, product_text = ids.strip("/").partition(":")
    vendor, product = _HEX_ID.match(vendor_text), _HEX_ID.match(product_text)
    if not sep or not vendor or not product:
        raise _invalid(url, _("write it as usb://VID:PID in hex, e.g. usb://04b8:0e15"))
    endpoints = {}
    for key in ("in_ep", "out_ep"):
        if key in query:
            match = _HEX_ID.match(query[key][0])
            if not match:
                raise _invalid(url, _("the endpoint must be hex, e.g. 0x82"))
            endpoints[key] = int(match.group(1), 16)
    return UsbLink(url, int(vendor.group(1), 16), int(product.group(1), 16), **endpoints)


def _serial(url: str, parts) -> SerialLink:  # type: ignore[no-untyped-def]
    device = unquote(parts.netloc + parts.path)
    if not device:
        raise _invalid(url, _("name the port, e.g. serial:///dev/ttyS0 or serial://COM3"))
    baud_values = parse_qs(parts.query).get("baud", [str(DEFAULT_BAUD)])
    if not baud_values[0].isdigit() or int(baud_values[0]) not in _BAUDS:
        raise _invalid(
            url, _("baud must be one of {bauds}").format(bauds=", ".join(str(b) for b in _BAUDS))
        )
    return SerialLink(url, device, int(baud_values[0]))


def _file(url: str, parts) -> FileLink:  # type: ignore[no-untyped-def]
    if parts.netloc not in ("", "localhost"):
        raise _invalid(url, _("write it as file:///full/path"))
    path = unquote(parts.path)
    if re.match(r"^/[A-Za-z]:[/\\]", path):  # file:///C:/receipts.bin on Windows
        path = path[1:]
    if not path or path.endswith("/"):
        raise _invalid(url, _("write it as file:///full/path"))
    return FileLink(url, Path(path))


def _invalid(url: str, detail: str) -> PosError:
    return PosError("printer_url_invalid", url=url, detail=detail)
