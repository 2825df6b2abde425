"""Terminal settings a manager changes at the till: language, printer, scanner timing."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from pos_app.errors import PosError
from pos_app.i18n import _
from pos_app.services.settings_service import SettingsService
from ui.dialogs.keys import enter_goes_to_fields
from ui.widgets.message_bar import MessageBar

LANGUAGES = (("zh_CN", "简体中文"), ("en", "English"))


class SettingsDialog(QDialog):
    def __init__(self, settings: SettingsService, parent=None) -> None:
        super().__init__(parent)
        self._service = settings
        current = settings.settings
        self.setWindowTitle(_("Settings"))
        self.message = MessageBar()
        self.language = QComboBox()
        self.language.setObjectName("language")
        for code, name in LANGUAGES:
            self.language.addItem(name, code)
        self.language.setCurrentIndex([c for c, _n in LANGUAGES].index(current.language))
        self.printer_url = QLineEdit(current.printer_url)
        self.printer_url.setPlaceholderText("tcp://192.168.1.50:9100 · usb://04b8:0e15 · virtual:")
        self.columns = QComboBox()
        for cols, label in ((32, _("58 mm (32 columns)")), (42, _("80 mm (42 columns)")),
                            (48, _("80 mm (48 columns)"))):
            self.columns.addItem(label, cols)
        self.columns.setCurrentIndex([32, 42, 48].index(current.printer_columns))
        self.scanner_button = QPushButton(_("Scanner settings and test…"))
        self.scanner_button.clicked.connect(self.open_scanner_page)

        form = QFormLayout()
        form.addRow(_("Language"), self.language)
        form.addRow(_("Printer address"), self.printer_url)
        form.addRow(_("Paper width"), self.columns)
        form.addRow(_("Scanner"), self.scanner_button)
        save = QPushButton(_("Save"))
        save.setObjectName("primary")
        cancel = QPushButton(_("Cancel"))
        buttons = QHBoxLayout()
        buttons.addWidget(cancel)
        buttons.addWidget(save, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(form)
        layout.addLayout(buttons)
        save.clicked.connect(self.save)
        cancel.clicked.connect(self.reject)
        enter_goes_to_fields(self)

    def open_scanner_page(self) -> None:
        from ui.dialogs.scanner_settings import ScannerSettingsDialog

        ScannerSettingsDialog(self._service, self).exec()

    def save(self) -> None:
        try:
            self._service.update(
                language=self.language.currentData(),
                printer_url=self.printer_url.text().strip() or "virtual:",
                printer_columns=self.columns.currentData(),
            )
        except PosError as exc:
            self.message.error(exc.message())
            return
        except ValueError:
            self.message.error(_("These settings are out of range; nothing was saved."))
            return
        self.accept()
