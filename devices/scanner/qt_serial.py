"""Qt adapter for the serial scanner: codes from its reader thread arrive as a GUI signal."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from devices.scanner.serial_reader import SerialScanner
from pos_app.errors import PosError


class QtSerialScanner(QObject):
    scanned = Signal(str)
    failed = Signal(str)  # translated message

    def __init__(self, spec: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._reader = SerialScanner(spec, self.scanned.emit, self._report)

    def _report(self, error: PosError) -> None:
        self.failed.emit(error.message())

    def start(self) -> None:
        """Raises PosError (bad or missing port) so the caller can say so at once."""
        self._reader.start()

    def stop(self) -> None:
        self._reader.stop()
