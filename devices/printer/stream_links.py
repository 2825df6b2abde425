"""Links to printers that answer back: TCP port 9100, USB (pyusb) and serial (pyserial)."""

from __future__ import annotations

import contextlib
import socket
from typing import Any

from devices.printer.link_base import IO_TIMEOUT, STATUS_TIMEOUT, PrinterLink, offline
from devices.printer.status import QUERIES, PrinterStatus, is_status_byte, parse_status, query
from pos_app.i18n import _


class TcpLink(PrinterLink):
    """Raw TCP (JetDirect/9100): one connection per job, status read on the same socket."""

    def __init__(self, url: str, host: str, port: int, timeout: float = IO_TIMEOUT) -> None:
        self.url, self.host, self.port, self.timeout = url, host, port, timeout
        self._sock: socket.socket | None = None

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"

    def open(self) -> None:
        self.close()
        try:
            self._sock = socket.create_connection((self.host, self.port), timeout=self.timeout)
        except OSError as error:
            raise offline(self.where, error) from error

    def write(self, data: bytes) -> None:
        sock = self._connected()
        try:
            sock.settimeout(self.timeout)
            sock.sendall(data)
        except OSError as error:
            self.close()
            raise offline(self.where, error) from error

    def read_status(self) -> PrinterStatus | None:
        sock = self._connected()
        replies: dict[int, int] = {}
        try:
            self._drain(sock)
            sock.settimeout(STATUS_TIMEOUT)
            for n in QUERIES:
                sock.sendall(query(n))
                value = self._read_status_byte(sock)
                if value is None:
                    return None
                replies[n] = value
        except TimeoutError:
            return None
        except OSError as error:
            self.close()
            raise offline(self.where, error) from error
        finally:
            if self._sock is not None:
                self._sock.settimeout(self.timeout)
        return parse_status(replies)

    def _read_status_byte(self, sock: socket.socket) -> int | None:
        """The next status byte; other bytes (ASB, stray replies) are skipped."""
        for _attempt in range(8):
            chunk = sock.recv(1)
            if not chunk:
                raise ConnectionResetError(_("the printer closed the connection"))
            if is_status_byte(chunk[0]):
                return chunk[0]
        return None

    @staticmethod
    def _drain(sock: socket.socket) -> None:
        """Throw away late replies from an earlier query so answers stay in step."""
        sock.setblocking(False)
        try:
            while sock.recv(64):
                pass
        except (BlockingIOError, InterruptedError):
            pass
        finally:
            sock.setblocking(True)

    def _connected(self) -> socket.socket:
        if self._sock is None:
            self.open()
        assert self._sock is not None
        return self._sock

    def close(self) -> None:
        sock, self._sock = self._sock, None
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()


class SerialLink(PrinterLink):
    """RS-232 printer via pyserial; status only if the printer's TX line is wired."""

    def __init__(self, url: str, device: str, baudrate: int) -> None:
        self.url, self.device, self.baudrate = url, device, baudrate
        self._port: Any = None

    def open(self) -> None:
        import serial

        self.close()
        try:
            self._port = serial.Serial(
                self.device, self.baudrate, timeout=STATUS_TIMEOUT, write_timeout=IO_TIMEOUT
            )
        except (serial.SerialException, OSError, ValueError) as error:
            raise offline(self.device, error) from error

    def write(self, data: bytes) -> None:
        import serial

        port = self._opened()
        try:
            port.write(data)
            port.flush()
        except (serial.SerialException, OSError) as error:
            self.close()
            raise offline(self.device, error) from error

    def read_status(self) -> PrinterStatus | None:
        import serial

        port = self._opened()
        replies: dict[int, int] = {}
        try:
            port.reset_input_buffer()
            for n in QUERIES:
                port.write(query(n))
                reply = port.read(1)
                if not reply or not is_status_byte(reply[0]):
                    return None
                replies[n] = reply[0]
        except (serial.SerialException, OSError) as error:
            self.close()
            raise offline(self.device, error) from error
        return parse_status(replies)

    def _opened(self) -> Any:
        if self._port is None:
            self.open()
        return self._port

    def close(self) -> None:
        port, self._port = self._port, None
        if port is not None:
            with contextlib.suppress(Exception):  # a port that is gone cannot be closed twice
                port.close()


class UsbLink(PrinterLink):
    """USB printer class device through python-escpos's Usb (pyusb + libusb)."""

    def __init__(
        self, url: str, vendor: int, product: int, in_ep: int = 0x82, out_ep: int = 0x01
    ) -> None:
        self.url, self.vendor, self.product = url, vendor, product
        self.in_ep, self.out_ep = in_ep, out_ep
        self._printer: Any = None

    @property
    def where(self) -> str:
        return f"USB {self.vendor:04x}:{self.product:04x}"

    def open(self) -> None:
        self.close()
        try:
            from devices.printer._escpos import Usb

            printer = Usb(
                self.vendor,
                self.product,
                timeout=int(IO_TIMEOUT * 1000),
                in_ep=self.in_ep,
                out_ep=self.out_ep,
            )
            printer.open()
        except Exception as error:  # pyusb/libusb raise many unrelated types
            raise offline(self.where, _usb_reason(error)) from error
        self._printer = printer

    def write(self, data: bytes) -> None:
        printer = self._opened()
        try:
            printer._raw(data)
        except Exception as error:
            self.close()
            raise offline(self.where, _usb_reason(error)) from error

    def read_status(self) -> PrinterStatus | None:
        printer = self._opened()
        replies: dict[int, int] = {}
        for n in QUERIES:
            try:
                printer._raw(query(n))
                reply = bytes(printer.device.read(self.in_ep, 16, int(STATUS_TIMEOUT * 1000)))
            except Exception:  # no IN endpoint or no answer: status unknown
                return None
            if not reply or not is_status_byte(reply[-1]):
                return None
            replies[n] = reply[-1]
        return parse_status(replies)

    def _opened(self) -> Any:
        if self._printer is None:
            self.open()
        return self._printer

    def close(self) -> None:
        printer, self._printer = self._printer, None
        if printer is not None:
            with contextlib.suppress(Exception):  # unplugged devices fail to release
                printer.close()


def _usb_reason(error: BaseException) -> str:
    name = type(error).__name__
    if name == "NoBackendError":
        return _("libusb is not installed (apt install libusb-1.0-0)")
    text = " ".join(str(error).split())
    if "Access denied" in text or "Errno 13" in text:
        return _("access denied (give this user the USB device, e.g. a udev rule)")
    if "not found" in text:
        return _("device not found or cable unplugged")
    return text or name
