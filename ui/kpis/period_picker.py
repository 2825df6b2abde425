"""The period a KPI screen shows: today, this week, this month, last month or a custom range
of days, in the store's calendar (pos_app.domain.kpis.Period)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QWidget

from pos_app.domain.kpis import Period
from pos_app.i18n import N_, _

#: (choice id, label msgid, the period for a given day)
CHOICES: list[tuple[str, str, Callable[[date], Period] | None]] = [
    ("today", N_("Today"), Period.day),
    ("week", N_("This week"), Period.week),
    ("month", N_("This month"), Period.month),
    ("last_month", N_("Last month"),
     lambda d: Period.month(d.replace(day=1) - timedelta(days=1))),
    ("custom", N_("Custom range"), None),
]


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


class PeriodPicker(QWidget):
    """A choice and, for a custom range, its first and last day. `changed` fires once per
    change a person makes (not while the dates are being set up)."""

    changed = Signal()

    def __init__(self, today: Callable[[], date], choices: tuple[str, ...] = (),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today
        self._choices = [c for c in CHOICES if not choices or c[0] in choices]
        self.choice = QComboBox()
        self.choice.setObjectName("periodChoice")
        self.start = QDateEdit()
        self.end = QDateEdit()
        self.until = QLabel()
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setDate(_qdate(today()))
            edit.dateChanged.connect(self._dates_changed)
        self.start.setObjectName("periodStart")
        self.end.setObjectName("periodEnd")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.choice, self.start, self.until, self.end):
            layout.addWidget(widget)
        self.retranslate()
        self.choice.currentIndexChanged.connect(self._choice_changed)
        self._show_dates()

    def retranslate(self) -> None:
        index = max(0, self.choice.currentIndex())
        self.choice.blockSignals(True)
        self.choice.clear()
        for key, label, _make in self._choices:
            self.choice.addItem(_(label), key)
        self.choice.setCurrentIndex(index)
        self.choice.blockSignals(False)
        self.until.setText(_("to"))

    def select(self, key: str) -> None:
        """Pick a choice by id ("today", "week", "month", "last_month", "custom")."""
        self.choice.setCurrentIndex(self.choice.findData(key))

    def key(self) -> str:
        return str(self.choice.currentData())

    def period(self) -> Period:
        """The chosen period; a custom range's refusal (reversed, too long) is a PosError."""
        make = dict((k, m) for k, _label, m in self._choices)[self.key()]
        if make is not None:
            return make(self._today())
        start, end = self.start.date().toPython(), self.end.date().toPython()
        return Period.custom(start, end)

    def _show_dates(self) -> None:
        custom = self.key() == "custom"
        for widget in (self.start, self.until, self.end):
            widget.setVisible(custom)

    def _choice_changed(self) -> None:
        if self.key() == "custom":
            shown = dict((k, m) for k, _label, m in CHOICES)["month"](self._today())
            for edit, day in ((self.start, shown.start), (self.end, self._today())):
                edit.blockSignals(True)
                edit.setDate(_qdate(day))
                edit.blockSignals(False)
        self._show_dates()
        self.changed.emit()

    def _dates_changed(self) -> None:
        if self.key() == "custom":
            self.changed.emit()
