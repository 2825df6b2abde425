"""The X report on screen (read only) with Print: the slip's own rows, in the screen's
language, so the screen and the paper name every figure alike."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
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

from pos_app import i18n
from pos_app.domain.shifts import ShiftReport
from pos_app.domain.shifts.slip import SlipRow, Style, shift_slip_rows
from pos_app.i18n import _
from pos_app.services.till import Till
from ui.dialogs.keys import enter_goes_to_fields
from ui.shifts.printing import print_report
from ui.widgets.hotkeys import with_hotkey
from ui.widgets.message_bar import MessageBar
from ui.widgets.print_failure import PrinterMark

_BOLD = {Style.TITLE, Style.HEADING, Style.STRONG}


class SlipTable(QTableWidget):
    """Label | figure rows of a slip; read only, Tab leaves it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 2, parent)
        self.setObjectName("slipTable")
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setShowGrid(False)
        self.setWordWrap(True)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)

    def show_rows(self, rows: tuple[SlipRow, ...]) -> None:
        shown = [r for r in rows if r.style not in (Style.RULE, Style.TITLE)]
        self.setRowCount(len(shown))
        for index, row in enumerate(shown):
            label = QTableWidgetItem(("    " if row.style == Style.SUB else "") + row.label)
            value = QTableWidgetItem(row.value)
            value.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if row.style in _BOLD:
                font = QFont(label.font())
                font.setBold(True)
                label.setFont(font)
                value.setFont(font)
            if row.style == Style.HEADING:  # a band where each section starts
                for item in (label, value):
                    item.setBackground(QColor("#e8eef6"))
            self.setItem(index, 0, label)
            self.setItem(index, 1, value)
        self.resizeRowsToContents()

    def texts(self) -> list[tuple[str, str]]:
        """(label, figure) per row, as shown (tests read them)."""
        return [(self.item(r, 0).text().strip(), self.item(r, 1).text())
                for r in range(self.rowCount())]


class ShiftReportDialog(QDialog):
    """An X (or a stored Z) shown read only; Print sends it to the receipt printer."""

    def __init__(self, till: Till, report: ShiftReport, parent: QWidget | None = None,
                 mark: PrinterMark | None = None) -> None:
        super().__init__(parent)
        self._till = till
        self._mark = mark  # the status bar's: an X that did not print stays named there
        self.report = report
        rows = shift_slip_rows(report, i18n.language(), symbol="¥")
        self.setWindowTitle(rows[0].label)
        screen = self.screen().availableGeometry() if self.screen() else None
        self.resize(620, min(700, screen.height() - 60) if screen else 700)
        title = QLabel(rows[0].label)
        title.setStyleSheet("font-size: 24px; font-weight: bold;")
        self.message = MessageBar()
        self.table = SlipTable()
        self.table.show_rows(rows)
        self.print_button = QPushButton(with_hotkey(_("Print"), "Enter"))
        self.print_button.setObjectName("primary")
        close = QPushButton(with_hotkey(_("Close"), "Esc"))
        buttons = QHBoxLayout()
        buttons.addWidget(close)
        buttons.addWidget(self.print_button, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.print_button.clicked.connect(self.print_slip)
        close.clicked.connect(self.accept)
        enter_goes_to_fields(self, primary=self.print_button)
        self.print_button.setFocus()

    def print_slip(self) -> None:
        print_report(self._till, self.report, self.message.info, self.message.error, self,
                     mark=self._mark)
