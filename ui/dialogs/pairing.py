"""First run of a new till: pair it with HQ (address + one-time enrollment code) or use the demo.

Pairing runs off the GUI thread; on success the staff list is already here, so the first
person can sign in while the catalog downloads in the background.

Keys, named on the buttons as everywhere on the till: Enter pairs (from any field), Alt+D
opens the demo store (a chord, not Enter: a first Enter must never open the demo, 25-FXB),
Esc closes the dialog without either.
"""

from __future__ import annotations

import socket
from itertools import pairwise

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pos_app import i18n
from pos_app.i18n import _
from pos_app.services.sync_service import SyncService
from ui.dialogs.keys import enter_goes_to_fields
from ui.errors import user_message
from ui.tasks import alive, run_task
from ui.widgets.hotkeys import set_hotkey_text
from ui.widgets.message_bar import MessageBar
from ui.widgets.question import tell

LANGUAGES = (("zh_CN", "简体中文"), ("en", "English"))
DEMO = 2  # dialog result: use the demo store instead
PAIR_KEY, DEMO_KEY = "Enter", "Alt+D"


class PairingDialog(QDialog):
    def __init__(self, sync: SyncService, parent=None) -> None:
        super().__init__(parent)
        self._sync = sync
        self.message = MessageBar()
        self.language = QComboBox()
        for code, name in LANGUAGES:
            self.language.addItem(name, code)
        self.language.setCurrentIndex([c for c, _n in LANGUAGES].index(i18n.language()))
        self.language.currentIndexChanged.connect(self._language_chosen)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.hq_url = QLineEdit("http://127.0.0.1:8700")
        self.hq_url.setObjectName("hqUrl")
        self.code = QLineEdit()
        self.code.setObjectName("enrollmentCode")
        self.device_name = QLineEdit(socket.gethostname())
        self.ca_file = QLineEdit()  # optional: HQ's private CA (PEM); else the system's CAs
        self.ca_file.setObjectName("hqCaFile")
        self.key_pin = QLineEdit()  # optional: SHA-256 of HQ's public key
        self.key_pin.setObjectName("hqKeyPin")
        self.pair_button = QPushButton()
        self.pair_button.setObjectName("primary")
        self.demo_button = QPushButton()
        self.form = QFormLayout()
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        buttons = QHBoxLayout()
        buttons.addWidget(self.demo_button)
        buttons.addWidget(self.pair_button, 1)
        layout.addLayout(buttons)
        self.pair_button.clicked.connect(self.pair)
        self.code.returnPressed.connect(self.pair)
        self.demo_button.clicked.connect(lambda: self.done(DEMO))
        enter_goes_to_fields(self, primary=self.pair_button)
        self.resize(560, 300)
        self.retranslate()
        # down the form, then Pair, then the demo; the keys start at HQ's address (they
        # started on "Use the demo store", where a first Enter opened the demo: 25-FXB)
        order = (self.language, self.hq_url, self.code, self.device_name, self.ca_file,
                 self.key_pin, self.pair_button, self.demo_button)
        for before, after in pairwise(order):
            QWidget.setTabOrder(before, after)
        self.hq_url.setFocus()
        self.hq_url.selectAll()  # typed over: the default is only an example

    def _language_chosen(self) -> None:
        i18n.set_language(self.language.currentData())
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Set up this till"))
        self.intro.setText(_("Pair this till with HQ using the one-time enrollment code from "
                             "your HQ administrator, or open the demo store."))
        while self.form.rowCount():
            self.form.takeRow(0)
        self.form.addRow(_("Language"), self.language)
        self.form.addRow(_("HQ address"), self.hq_url)
        self.form.addRow(_("Enrollment code"), self.code)
        self.form.addRow(_("Device name"), self.device_name)
        self.form.addRow(_("HQ CA file (optional)"), self.ca_file)
        self.form.addRow(_("HQ key SHA-256 (optional)"), self.key_pin)
        self.ca_file.setPlaceholderText(_("PEM file of the CA that signed HQ's certificate"))
        set_hotkey_text(self.pair_button, _("Pair with HQ"), PAIR_KEY)
        set_hotkey_text(self.demo_button, _("Use the demo store"), DEMO_KEY)
        self.demo_button.setShortcut(DEMO_KEY)  # after the text: setText resets a shortcut

    def pair(self) -> None:
        url, code = self.hq_url.text().strip(), self.code.text().strip()
        name = self.device_name.text().strip()
        self.pair_button.setEnabled(False)
        self.message.info(_("Contacting HQ…"), 0)
        ca_file, key_pin = self.ca_file.text().strip(), self.key_pin.text().strip()
        run_task(lambda: self._sync.pair(url, code, name, ca_file=ca_file, key_pin=key_pin),
                 self._paired, self._failed)

    def _paired(self, terminal) -> None:
        if not alive(self):  # deleted while HQ was answering
            return
        last = self._sync.continued_receipts
        if last:  # the same terminal paired again (new PC, lost file): say what happens
            tell(self, _("Pair with HQ"), _(
                "{store}/{till} was used before: HQ holds its receipts up to {last}. This "
                "till continues after that number, so no receipt number is used twice."
            ).format(store=terminal.store_code, till=terminal.terminal_code, last=last))
        self.accept()

    def _failed(self, exc: Exception) -> None:
        if not alive(self):
            return
        self.pair_button.setEnabled(True)
        self.message.error(user_message(exc))
