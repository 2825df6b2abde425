"""The till's scanners: the app-wide keyboard wedge and, when configured, a serial scanner.

Both deliver to one slot (`MainWindow.on_scan`), so a code is handled the same way
whichever device read it; settings changes re-apply here.

A PIN typed fast into a focused PIN field (a password-echo line edit: sign-in, the manager's
approval prompt, the lock) looks like a scanner burst to the wedge's timing; it is the
person's PIN, so the field keeps it (`kept_by_pin_field`): before, the prompt took it as a
scan and cleared the manager's code (tester's finding, 20-L2). A badge scanned there still
goes to the prompt as a scan. The same for a staff code typed fast into the approval
prompt's code field (a field with the `KEEPS_TYPED_CODE` property): digits too short to be
a product's barcode are the manager's code, not a scan (tester 20 #6).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QApplication, QLineEdit

from devices.scanner.qt_serial import QtSerialScanner
from devices.scanner.qt_wedge import QtWedgeFilter
from devices.scanner.wedge import WedgeConfig
from pos_app.errors import PosError
from pos_app.services.approvals import looks_like_badge
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


PIN_LENGTHS = range(4, 9)  # a PIN is 4–8 digits (pos_app.services.terminal_setup)
KEEPS_TYPED_CODE = "keepsTypedCode"  # a staff-code field's Qt property (ui/dialogs/manager_pin)
STAFF_CODE_LENGTHS = range(1, 8)  # shorter than any GTIN (8–14 digits): never a product's


def kept_by_pin_field(code: str) -> bool:
    """Whether a wedge "scan" was a PIN typed fast into the focused PIN field: then it goes
    into that field and is entered (its Enter suffix was the person's Enter)."""
    focus = QApplication.focusWidget()
    if not isinstance(focus, QLineEdit) or not code.isdigit() or looks_like_badge(code):
        return False  # a badge (SFMB-…) is always a scan
    pin = focus.echoMode() == QLineEdit.EchoMode.Password and len(code) in PIN_LENGTHS
    staff_code = bool(focus.property(KEEPS_TYPED_CODE)) and len(code) in STAFF_CODE_LENGTHS
    if not (pin or staff_code):
        return False
    focus.insert(code)
    focus.returnPressed.emit()
    return True


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
        self.wedge.scanned.connect(self._wedge_scanned)
        self.serial: QtSerialScanner | None = None
        self._serial_spec = ""

    def _wedge_scanned(self, code: str) -> None:
        if not kept_by_pin_field(code):
            self._on_scan(code)

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
