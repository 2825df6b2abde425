"""Receiving a delivery of tracked items: scan each unit code, then put them all in stock.

Scans arrive here (not in the sale) while the dialog is open; nothing is written until
"Receive", and then all good codes go in at once while bad ones are listed with the reason.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QListWidget, QPushButton, QVBoxLayout

from pos_app.i18n import _
from pos_app.services.scanning import visible
from pos_app.services.till import Till
from ui.dialogs.keys import enter_goes_to_fields
from ui.errors import user_message
from ui.widgets.message_bar import MessageBar


class ReceiveUnitsDialog(QDialog):
    def __init__(self, till: Till, parent=None) -> None:
        super().__init__(parent)
        self._till = till
        self.codes: list[str] = []
        self.setWindowTitle(_("Receive units"))
        self.resize(560, 480)
        self.message = MessageBar()
        self.hint = QLabel(_("Scan the unit code of every item in the delivery."))
        self.listing = QListWidget()
        self.count = QLabel()
        self.receive_button = QPushButton(_("Receive"))
        self.receive_button.setObjectName("primary")
        close = QPushButton(_("Close"))
        buttons = QHBoxLayout()
        buttons.addWidget(close)
        buttons.addWidget(self.receive_button, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.hint)
        layout.addWidget(self.listing, 1)
        layout.addWidget(self.count)
        layout.addLayout(buttons)
        self.receive_button.clicked.connect(self.receive)
        close.clicked.connect(self.accept)
        enter_goes_to_fields(self)
        self._show_count()

    def handle_scan(self, code: str) -> None:
        if code in self.codes:
            self.message.error(_("{code} was scanned already.").format(code=visible(code)))
            return
        self.codes.append(code)
        self.listing.addItem(visible(code))
        self.message.clear_message()
        self._show_count()

    def _show_count(self) -> None:
        self.count.setText(_("{count} scanned").format(count=len(self.codes)))
        self.receive_button.setEnabled(bool(self.codes))

    def receive(self) -> None:
        try:
            report = self._till.receive_units(list(self.codes))
        except Exception as exc:
            self.message.error(user_message(exc))
            return
        self.codes = []
        self.listing.clear()
        for problem in report.problems:
            self.listing.addItem(f"✗ {visible(problem.code)}: {problem.message}")
        self._show_count()
        text = _("{count} units are now in stock.").format(count=len(report.received))
        if report.problems:
            self.message.error(text + " " + _("{count} codes were refused (listed).").format(
                count=len(report.problems)))
        else:
            self.message.info(text, 0)
