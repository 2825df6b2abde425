"""What every printer link offers: open, write bytes, maybe read status, close.

Links turn every device failure into a PosError, so no OSError, USBError or
SerialException reaches the sale screen as a traceback.
"""

from __future__ import annotations

from types import TracebackType

from devices.printer.status import PrinterStatus
from pos_app.errors import PosError

#: Connect/write limit: long enough for a busy printer, short enough for a cashier to wait.
IO_TIMEOUT = 3.0
#: Wait for one status byte; printers that never answer DLE EOT just have unknown status.
STATUS_TIMEOUT = 1.0


class PrinterLink:
    """Base link: `open()`/`close()` bracket one job; status is None when unknowable."""

    url: str = ""

    def open(self) -> None:
        """Connect to the device (a no-op for links without a connection)."""

    def write(self, data: bytes) -> None:
        raise NotImplementedError

    def read_status(self) -> PrinterStatus | None:
        """DLE EOT status, or None where the link cannot read back (file, spooler)."""
        return None

    def close(self) -> None:
        """Release the device; safe to call twice or after a failed open."""

    def __enter__(self) -> PrinterLink:
        self.open()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def offline(where: str, error: BaseException | str) -> PosError:
    """A printer_offline error naming the device and the system's reason."""
    reason = error if isinstance(error, str) else (str(error) or type(error).__name__)
    return PosError("printer_offline", detail=f"{where}: {reason}")
