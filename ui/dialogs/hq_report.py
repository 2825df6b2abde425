"""A manager's report dialog whose figures only HQ has (campaign ROI, coupon reconciliation).

Both reports are asked off the GUI thread (ui/tasks.run_task) so a slow line never freezes
the till; both show a read-only table with Refresh (F5, as on the KPI dashboard) and Close,
and on any failure empty the table and say why in the UI's language (PosError's own message,
e.g. offline or not paired) while keeping Refresh. Only what each report shows differs:
subclasses fill it in `show_report`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos_app.errors import PosError
from pos_app.i18n import _
from ui.dialogs.keys import enter_goes_to_fields
from ui.tasks import alive, run_task
from ui.widgets.hotkeys import with_hotkey

REFRESH_KEY = "F5"


class HqReportDialog(QDialog):
    """Status line, table, optional widgets below it, Refresh/Close. `asking` and `headers`
    are untranslated msgids (N_), translated when shown so a language switch applies.
    Subclasses call `load()` once their own attributes are set."""

    def __init__(self, fetch: Callable[[], Any], *, title: str, headers: Sequence[str],
                 height: int, asking: str, table_stretch: int = 1,
                 below: Sequence[tuple[QWidget, int]] = (),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._asking = asking
        self.setWindowTitle(title)
        self.resize(980, height)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.table = QTableWidget(0, len(headers))
        self.table.setHorizontalHeaderLabels([_(h) for h in headers])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.retry = QPushButton(with_hotkey(_("Refresh"), REFRESH_KEY))
        self.retry.setShortcut(REFRESH_KEY)  # a disabled Refresh (while asking) ignores it
        self.retry.clicked.connect(self.load)
        close = QPushButton(with_hotkey(_("Close"), "Esc"))
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.retry)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.table, table_stretch)
        for widget, stretch in below:
            layout.addWidget(widget, stretch)
        layout.addLayout(buttons)
        enter_goes_to_fields(self, primary=close)

    def load(self) -> None:
        """Ask HQ again (off the GUI thread)."""
        self.retry.setEnabled(False)
        self.status.setText(_(self._asking))
        run_task(self._fetch, self._show, self._failed)

    def fill_table(self, rows: Iterable[Sequence[str]]) -> None:
        """The table's rows, replacing what it showed."""
        rows = list(rows)
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(text))

    def show_report(self, report: Any) -> None:
        """Show HQ's answer (table and status line); each report its own way."""
        raise NotImplementedError

    def clear_report(self) -> None:
        """Empty whatever the subclass shows beyond the table, when HQ's answer failed."""

    def _show(self, report: Any) -> None:
        if not alive(self):
            return
        self.retry.setEnabled(True)
        self.show_report(report)

    def _failed(self, exc: Exception) -> None:
        if not alive(self):
            return
        self.retry.setEnabled(True)
        self.table.setRowCount(0)
        self.clear_report()
        self.status.setText(exc.message() if isinstance(exc, PosError)
                            else _("HQ's answer could not be read."))
