"""Terminal settings a manager changes at the till: language, printer, scanner timing,
member days (会员日: the days members earn points faster, and by how much), the cashier's
discount limits and lock, the shift close's tolerance and blind count."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from pos_app.domain.member_days import multiplier_text, parse_member_days
from pos_app.i18n import _
from pos_app.services.context import StaffInfo
from pos_app.services.settings import MemberDaySettings, SettingsService
from ui.dialogs.buttons import save_row
from ui.dialogs.keys import enter_goes_to_fields
from ui.dialogs.settings_overrides import OverrideFields
from ui.dialogs.settings_shift import ShiftFields
from ui.errors import shown_errors
from ui.widgets.message_bar import MessageBar

LANGUAGES = (("zh_CN", "简体中文"), ("en", "English"))


def lock_for_cashier(dialog: SettingsDialog, manager: bool) -> None:
    """Manager-only fields stay visible to a cashier but greyed out, each saying why, so
    nothing looks editable that is not (the printer and scanner are the manager's, §1)."""
    if manager:
        return
    why = _("Only a manager can change this.")
    for widget in (dialog.receipt_language, dialog.printer_url, dialog.columns,
                   dialog.scanner_button, dialog.member_days, dialog.member_weekdays,
                   dialog.member_multiplier):
        widget.setEnabled(False)
        widget.setToolTip(why)
    dialog.printer_url.setReadOnly(True)


class SettingsDialog(QDialog):
    def __init__(self, settings: SettingsService, parent=None, manager: bool = True,
                 staff: StaffInfo | None = None) -> None:
        """`manager`: member days change what members earn, so only a manager edits them.
        `staff`: who saves (the service checks them again, whatever the screen shows)."""
        super().__init__(parent)
        self._service = settings
        self._staff = staff
        rule, from_hq = settings.member_days()
        self._days_editable = manager and not from_hq  # HQ's calendar wins over the till's
        current = settings.settings
        self.setWindowTitle(_("Settings"))
        self.setMinimumWidth(560)
        self.message = MessageBar()
        self.language = QComboBox()
        self.language.setObjectName("language")
        for code, name in LANGUAGES:
            self.language.addItem(name, code)
        self.language.setCurrentIndex([c for c, _n in LANGUAGES].index(current.language))
        # The store's language on paper: customers read it whatever a cashier's screen speaks.
        self.receipt_language = QComboBox()
        self.receipt_language.setObjectName("receiptLanguage")
        for code, name in LANGUAGES:
            self.receipt_language.addItem(name, code)
        self.receipt_language.setCurrentIndex(
            [c for c, _n in LANGUAGES].index(current.receipt_language))
        self.printer_url = QLineEdit(current.printer_url)
        self.printer_url.setPlaceholderText("tcp://192.168.1.50:9100 · usb://04b8:0e15 · virtual:")
        self.columns = QComboBox()
        for cols, label in ((32, _("58 mm (32 columns)")), (42, _("80 mm (42 columns)")),
                            (48, _("80 mm (48 columns)"))):
            self.columns.addItem(label, cols)
        self.columns.setCurrentIndex([32, 42, 48].index(current.printer_columns))
        self.member_days = QLineEdit(", ".join(str(d) for d in rule.days_of_month))
        self.member_days.setObjectName("memberDays")
        self.member_days.setPlaceholderText(_("e.g. 8, 18, 28 (empty: none)"))
        self.member_weekdays = QLineEdit(", ".join(str(d) for d in rule.weekdays))
        self.member_weekdays.setObjectName("memberWeekdays")
        self.member_weekdays.setPlaceholderText(_("1 = Monday … 7 = Sunday, e.g. 3"))
        self.member_multiplier = QLineEdit(multiplier_text(rule.multiplier_permille))
        self.member_multiplier.setObjectName("memberMultiplier")
        self.member_multiplier.setPlaceholderText(_("e.g. 2 or 1.5"))
        why = _("Set by HQ for every till of the store.") if from_hq else _(
            "Only a manager changes member days.")
        for edit in (self.member_days, self.member_weekdays, self.member_multiplier):
            edit.setReadOnly(not self._days_editable)
            if not self._days_editable:
                edit.setToolTip(why)
        self.member_days_note = QLabel(why if from_hq else "")
        self.member_days_note.setObjectName("memberDaysNote")
        self.scanner_button = QPushButton(_("Scanner settings and test…"))
        self.scanner_button.clicked.connect(self.open_scanner_page)
        self._manager = manager
        self.manager_note = QLabel(_("Only a manager can change the settings shown greyed out."))
        self.manager_note.setObjectName("managerOnlyNote")
        self.manager_note.setWordWrap(True)
        self.manager_note.setVisible(not manager)
        lock_for_cashier(self, manager)
        self.overrides = OverrideFields(current, manager)  # discount limits, lock (issue 18)
        self.shift_fields = ShiftFields(current, manager)  # the Z's tolerance, blind count

        form = QFormLayout()
        form.addRow(self.manager_note)
        form.addRow(_("Language"), self.language)
        form.addRow(_("Receipt language"), self.receipt_language)
        form.addRow(_("Printer address"), self.printer_url)
        form.addRow(_("Paper width"), self.columns)
        form.addRow(_("Scanner"), self.scanner_button)
        form.addRow(_("Member days of the month"), self.member_days)
        form.addRow(_("Member days of the week"), self.member_weekdays)
        form.addRow(_("Member-day points ×"), self.member_multiplier)
        if from_hq:
            form.addRow("", self.member_days_note)
        self.overrides.add_to(form)
        self.shift_fields.add_to(form)
        buttons, save = save_row(self, self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(form)
        layout.addLayout(buttons)
        enter_goes_to_fields(self, primary=save)

    def open_scanner_page(self) -> None:
        from ui.dialogs.scanner_settings import ScannerSettingsDialog

        ScannerSettingsDialog(self._service, self, staff=self._staff).exec()

    def _member_days(self) -> MemberDaySettings:
        if not self._days_editable:
            return self._service.settings.member_days
        return MemberDaySettings.of(parse_member_days(
            self.member_days.text(), self.member_weekdays.text(), self.member_multiplier.text()))

    def save(self) -> None:
        current = self._service.settings
        with shown_errors(self.message.error) as failed:
            self._service.update(
                self._staff,
                language=self.language.currentData(),
                receipt_language=self.receipt_language.currentData() if self._manager
                else current.receipt_language,
                printer_url=(self.printer_url.text().strip() or "virtual:") if self._manager
                else current.printer_url,
                printer_columns=self.columns.currentData() if self._manager
                else current.printer_columns,
                member_days=self._member_days(),
                **self.overrides.values(),
                **self.shift_fields.values(),
            )
        if not failed:
            self.accept()
