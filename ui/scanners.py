"""The till's scanners: the app-wide keyboard wedge and, when configured, a serial scanner.

Both deliver to one slot (`MainWindow.on_scan`), so a code is handled the same way
whichever device read it; settings changes re-apply here.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QApplication

from devices.scanner.qt_serial import QtSerialScanner
from devices.scanner.qt_wedge import QtWedgeFilter
from devices.scanner.wedge import WedgeConfig
from pos_app.errors import PosError
from pos_app.services.settings import Settings


def wedge_config(settings: Settings) -> WedgeConfig:
    s = settings.scanner
    return WedgeConfig(
        min_length=s.min_length,
        max_gap_ms=s.max_gap_ms,
        suffixes=tuple(s.suffixes),
        require_suffix=s.require_suffix,
        host_layout=s.host_layout,
        gs_stand_in=s.gs_stand_in,
    )


class Scanners:
    def __init__(
        self,
        app: QApplication,
        on_scan: Callable[[str], None],
        on_problem: Callable[[str], None],
    ) -> None:
        self._app = app
        self._on_scan = on_scan
        self._on_problem = on_problem
        previous = getattr(app, "wedge_filter", None)
        if previous is not None:  # one wedge filter per application, never two in a row
            app.removeEventFilter(previous)
        self.wedge = QtWedgeFilter(WedgeConfig(), parent=app)
        app.installEventFilter(self.wedge)
        app.wedge_filter = self.wedge  # type: ignore[attr-defined]
        self.wedge.scanned.connect(on_scan)
        self.serial: QtSerialScanner | None = None
        self._serial_spec = ""

    def apply(self, settings: Settings) -> None:
        self.wedge.set_config(wedge_config(settings))
        spec = settings.scanner.serial_port.strip()
        if spec == self._serial_spec and (self.serial is not None or not spec):
            return
        self.stop_serial()
        self._serial_spec = spec
        if not spec:
            return
        serial = QtSerialScanner(spec, parent=self._app)
        serial.scanned.connect(self._on_scan)
        serial.failed.connect(self._on_problem)
        try:
            serial.start()
        except PosError as exc:
            self._on_problem(exc.message())
            return
        self.serial = serial

    def stop_serial(self) -> None:
        if self.serial is not None:
            self.serial.stop()
            self.serial = None

    def close(self) -> None:
        self.stop_serial()
        self._app.removeEventFilter(self.wedge)
        self._app.wedge_filter = None  # type: ignore[attr-defined]
