"""Scanner page: keyboard-wedge timing, the serial port, and a test area that shows what the
last scan was taken for — the first thing support asks when "the scanner doesn't work"."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
)

from pos_app.i18n import _
from pos_app.services.context import StaffInfo
from pos_app.services.scanning import describe_scan
from pos_app.services.settings import SettingsService
from ui.dialogs.buttons import save_row
from ui.dialogs.keys import enter_goes_to_fields
from ui.errors import shown_errors
from ui.widgets.message_bar import MessageBar


class ScannerSettingsDialog(QDialog):
    def __init__(self, settings: SettingsService, parent=None,
                 staff: StaffInfo | None = None) -> None:
        """`staff`: who saves (the scanner is the manager's: the service checks)."""
        super().__init__(parent)
        self._service = settings
        self._staff = staff
        current = settings.settings.scanner
        self.setWindowTitle(_("Scanner"))
        self.resize(600, 460)
        self.message = MessageBar()
        self.min_length = QSpinBox()
        self.min_length.setRange(1, 64)
        self.min_length.setValue(current.min_length)
        self.max_gap = QSpinBox()
        self.max_gap.setRange(5, 500)
        self.max_gap.setSuffix(" ms")
        self.max_gap.setValue(int(current.max_gap_ms))
        self.require_suffix = QCheckBox(_("A scan ends with Enter or Tab"))
        self.require_suffix.setChecked(current.require_suffix)
        self.host_layout = QComboBox()
        for value, label in (("us", _("US (most tills)")), ("fr", _("French AZERTY"))):
            self.host_layout.addItem(label, value)
        self.host_layout.setCurrentIndex(max(0, self.host_layout.findData(current.host_layout)))
        self.gs_stand_in = QLineEdit(current.gs_stand_in)
        self.gs_stand_in.setMaxLength(1)
        self.gs_stand_in.setPlaceholderText(_("empty: the scanner sends Ctrl+]"))
        self.serial_port = QLineEdit(current.serial_port)
        self.serial_port.setPlaceholderText("/dev/ttyACM0 · COM3 · serial:///dev/ttyUSB0?baud=9600")
        self.test_hint = QLabel(_("Scan something now to test: the result appears below."))
        self.last_scan = QLabel("—")
        self.last_scan.setObjectName("lastScan")
        self.classified = QLabel("")
        self.classified.setObjectName("classifiedAs")
        self.classified.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("Shortest code"), self.min_length)
        form.addRow(_("Longest gap between keys"), self.max_gap)
        form.addRow("", self.require_suffix)
        form.addRow(_("This till's keyboard layout"), self.host_layout)
        form.addRow(_("Character sent for GS"), self.gs_stand_in)
        form.addRow(_("Serial scanner port"), self.serial_port)
        buttons, save = save_row(self, self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(form)
        layout.addWidget(self.test_hint)
        layout.addWidget(self.last_scan)
        layout.addWidget(self.classified)
        layout.addStretch(1)
        layout.addLayout(buttons)
        enter_goes_to_fields(self, primary=save)

    def handle_scan(self, code: str) -> None:
        """Scans (wedge or serial) land here while the page is open, not in the sale."""
        found = describe_scan(code)
        self.last_scan.setText(_("Last scan: {code}").format(code=found.text))
        lines = [_("Taken as: {kind}").format(kind=found.kind_label)]
        lines += [f"{label}: {value}" for label, value in found.details]
        self.classified.setText("\n".join(lines))

    def save(self) -> None:
        scanner = replace(
            self._service.settings.scanner,
            min_length=self.min_length.value(),
            max_gap_ms=self.max_gap.value(),
            require_suffix=self.require_suffix.isChecked(),
            serial_port=self.serial_port.text().strip(),
            host_layout=str(self.host_layout.currentData()),
            gs_stand_in=self.gs_stand_in.text(),
        )
        with shown_errors(self.message.error) as failed:
            self._service.update(self._staff, scanner=scanner)
        if not failed:
            self.accept()
