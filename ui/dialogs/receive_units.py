"""Receiving a delivery of tracked items: scan (or type) each unit code, then put them all
in stock.

Scans arrive here (not in the sale) while the dialog is open; a code can also be typed into
the field and entered with Enter (a label the scanner cannot read). Each line names its
product; a code that cannot be received is refused at once with the reason, and a mis-scan
is dropped with Del. Nothing is written until "Receive", and then all codes go in at once
(checked again inside that transaction: another till may have registered one meanwhile).
Closing (Esc, Close) with codes scanned but not received asks first, Enter keeping them: a
delivery of forty scans must not vanish with one key.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from devices.scanner.qt_wedge import disable_input_method
from pos_app.i18n import _, ngettext
from pos_app.services.scanning import visible
from pos_app.services.till import Till
from ui.dialogs.keys import enter_goes_to_fields
from ui.errors import shown_errors
from ui.widgets.hotkeys import with_hotkey
from ui.widgets.message_bar import MessageBar


class ReceiveUnitsDialog(QDialog):
    def __init__(self, till: Till, parent=None) -> None:
        super().__init__(parent)
        self._till = till
        self.codes: list[str] = []
        self.setWindowTitle(_("Receive units"))
        self.resize(560, 480)
        self.message = MessageBar()
        self.hint = QLabel(_("Scan the unit code of every item in the delivery, or type it and "
                             "press Enter. Del removes the selected line."))
        self.hint.setWordWrap(True)
        self.code_edit = QLineEdit()
        self.code_edit.setObjectName("unitCode")
        self.code_edit.setPlaceholderText(_("Unit code, then Enter"))
        disable_input_method(self.code_edit)  # codes are ASCII; an IME would hold the keys
        self.code_edit.returnPressed.connect(self.enter_typed)
        self.listing = QListWidget()
        self.remove_button = QPushButton(with_hotkey(_("Remove line"), "Del"))
        self.remove_button.clicked.connect(self.remove_selected)
        delete = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.listing)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.remove_selected)
        self.count = QLabel()
        self.receive_button = QPushButton(with_hotkey(_("Receive"), "Enter"))
        self.receive_button.setObjectName("primary")
        close = QPushButton(with_hotkey(_("Close"), "Esc"))
        buttons = QHBoxLayout()
        buttons.addWidget(close)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.receive_button, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.hint)
        layout.addWidget(self.code_edit)
        layout.addWidget(self.listing, 1)
        layout.addWidget(self.count)
        layout.addLayout(buttons)
        self.receive_button.clicked.connect(self.receive)
        close.clicked.connect(self.accept)
        # Enter with nothing typed: receive what is listed, or close when nothing is.
        enter_goes_to_fields(self, primary=(self.receive_button, close),
                             done_when_empty=(self.code_edit,))
        self._show_count()

    def handle_scan(self, code: str) -> None:
        self.add_code(code)

    def enter_typed(self) -> None:
        """Enter in the code field: the typed code is taken as if it had been scanned."""
        if self.add_code(self.code_edit.text()):
            self.code_edit.clear()

    def add_code(self, code: str) -> bool:
        """List a code with its product; a refused code is said at once and not listed."""
        code = code.strip()
        if not code:
            return False
        with shown_errors(self.message.error) as failed:
            unit = self._till.units.check(code)
        if failed:
            return False
        if unit.unit_key in self._keys():
            self.message.error(_("{code} was scanned already.").format(code=visible(code)))
            return False
        self.codes.append(code)
        item = QListWidgetItem(f"{visible(code)}  ·  {unit.product_name}")
        item.setData(Qt.ItemDataRole.UserRole, (code, unit.unit_key))
        self.listing.addItem(item)
        self.listing.setCurrentItem(item)
        self.message.clear_message()
        self._show_count()
        return True

    def _keys(self) -> set[str]:
        return {self.listing.item(i).data(Qt.ItemDataRole.UserRole)[1]
                for i in range(self.listing.count())
                if self.listing.item(i).data(Qt.ItemDataRole.UserRole)}

    def remove_selected(self) -> None:
        """Del (or the button): drop the selected mis-scan; nothing was written for it."""
        row = self.listing.currentRow()
        item = self.listing.item(row) if row >= 0 else None
        data = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if not data:
            return
        self.listing.takeItem(row)
        self.codes.remove(data[0])
        self.message.info(_("{code} removed.").format(code=visible(data[0])))
        self._show_count()

    def _show_count(self) -> None:
        n = len(self.codes)
        self.count.setText(ngettext("{count} unit to receive", "{count} units to receive", n)
                           .format(count=n))
        self.receive_button.setEnabled(bool(self.codes))
        self.remove_button.setEnabled(bool(self.codes))

    def done(self, result: int) -> None:
        """Esc or Close: with codes listed but not received, ask first (Enter keeps them)."""
        if self.codes and not self._leave_unreceived():
            self.code_edit.setFocus()
            return
        super().done(result)

    def _leave_unreceived(self) -> bool:
        n = len(self.codes)
        box = QMessageBox(QMessageBox.Icon.Warning, _("Receive units"), ngettext(
            "{count} scanned unit is not received yet: close without putting it in stock?",
            "{count} scanned units are not received yet: close without putting them in stock?",
            n).format(count=n), parent=self)
        leave = box.addButton(_("Close without receiving"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(with_hotkey(_("Keep scanning"), "Esc"),
                             QMessageBox.ButtonRole.RejectRole)  # Enter too: the default
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.exec()
        return box.clickedButton() is leave

    def receive(self) -> None:
        with shown_errors(self.message.error) as failed:
            report = self._till.units.receive(list(self.codes))
        if failed:
            return
        self.codes = []
        self.listing.clear()
        for problem in report.problems:
            self.listing.addItem(f"✗ {visible(problem.code)}: {problem.message}")
        self._show_count()
        received, refused = len(report.received), len(report.problems)
        text = ngettext("{count} unit is now in stock.", "{count} units are now in stock.",
                        received).format(count=received)
        if report.problems:
            self.message.error(text + " " + ngettext(
                "{count} code was refused (listed).", "{count} codes were refused (listed).",
                refused).format(count=refused))
        else:
            self.message.info(text, 0)
