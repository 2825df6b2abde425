"""Status bar: who is signed in, the shift, paper that did not print, and the sync badge."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QStatusBar, QToolButton, QWidget

from pos_app.i18n import N_, _
from pos_app.services.context import ShiftInfo, StaffInfo, TerminalInfo
from ui.widgets.print_failure import PrinterMark
from ui.widgets.sync_badge import SyncBadge

ROLE_LABELS = {"cashier": N_("Cashier"), "guide": N_("Guide"), "manager": N_("Manager")}


def role_label(role: str) -> str:
    return _(ROLE_LABELS.get(role, role))


class TillStatusBar(QStatusBar):
    def __init__(self, terminal: TerminalInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._terminal = terminal
        self._staff: StaffInfo | None = None
        self._shift: ShiftInfo | None = None
        self.terminal_label = QLabel()
        self.staff_label = QLabel()
        self.shift_label = QLabel()
        self.sync_badge = SyncBadge()
        for widget in (self.terminal_label, self.staff_label, self.shift_label):
            self.addWidget(widget)
        self.printer_mark = PrinterMark()  # a receipt did not print, until one does
        self.addPermanentWidget(self.printer_mark)
        self.addPermanentWidget(self.sync_badge)
        self.printer_toggle: QToolButton | None = None
        self.retranslate()

    def add_printer_toggle(self, action: QAction) -> QToolButton:
        """A button that opens/closes the printer pane (its dock's toggle action); it never
        takes focus, and it is shown only while the action is (a virtual printer is set)."""
        button = QToolButton()
        button.setObjectName("printerToggle")
        button.setDefaultAction(action)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        action.changed.connect(lambda: button.setVisible(action.isVisible()))
        self.addPermanentWidget(button)
        self.printer_toggle = button
        return button

    def show_session(self, staff: StaffInfo | None, shift: ShiftInfo | None) -> None:
        self._staff, self._shift = staff, shift
        self.retranslate()

    def retranslate(self) -> None:
        t = self._terminal
        self.terminal_label.setText(f"{t.store_name} · {t.store_code}-{t.terminal_code}")
        if self._staff is None:
            self.staff_label.setText(_("Not signed in"))
        else:
            self.staff_label.setText(
                _("Staff: {name} ({role})").format(
                    name=self._staff.name, role=role_label(self._staff.role)
                )
            )
        self.shift_label.setText(_("Shift open") if self._shift else _("No shift open"))
        self.sync_badge.show_status(self.sync_badge.status)
        self.printer_mark.retranslate()
