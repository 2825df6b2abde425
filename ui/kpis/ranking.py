"""The ranking of guides: one row per guide ("no guide" included), every figure of
issue 19 a column, sortable by any of them (numbers sort as numbers, "–" last). "No guide"
stays the last row whatever the column and order (docs/kpis.md): it is not a guide to rank."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from pos_app.domain.kpis import NO_GUIDE, GuideKpis, bp, hundredths
from pos_app.i18n import N_, _
from ui.kpis.figures_text import guide_name, money, percent, two_places


@dataclass(frozen=True)
class Column:
    title: str  # N_() msgid
    text: Callable[[GuideKpis], str]
    key: Callable[[GuideKpis], float | None]  # what it sorts by; None sorts last


COLUMNS: list[Column] = [
    Column(N_("Guide"), guide_name, lambda g: None),
    Column(N_("Net sales"), lambda g: money(g.net_sales), lambda g: g.net_sales),
    Column(N_("Number of sales"), lambda g: str(g.sales), lambda g: g.sales),
    Column(N_("ATV"), lambda g: money(g.atv), lambda g: g.atv),
    Column(N_("UPT"), lambda g: two_places(g.upt), lambda g: hundredths(g.upt)),
    Column(N_("New members"), lambda g: str(g.new_members), lambda g: g.new_members),
    Column(N_("Member share"), lambda g: percent(g.member_share), lambda g: bp(g.member_share)),
    Column(N_("Coupons"), lambda g: str(g.coupons_redeemed), lambda g: g.coupons_redeemed),
    Column(N_("Gift compliance"), lambda g: percent(g.gift_compliance),
           lambda g: bp(g.gift_compliance)),
    Column(N_("Unit-code compliance"), lambda g: percent(g.unit_code_compliance),
           lambda g: bp(g.unit_code_compliance)),
    Column(N_("Returns"), lambda g: str(g.returns), lambda g: g.returns),
    Column(N_("Returned"), lambda g: money(g.returns_amount), lambda g: g.returns_amount),
    Column(N_("Overrides"), lambda g: str(g.overrides), lambda g: g.overrides),
    Column(N_("Target"), lambda g: percent(g.target_progress), lambda g: bp(g.target_progress)),
]
SORT_KEY = Qt.ItemDataRole.UserRole + 1
NO_GUIDE_ROW = Qt.ItemDataRole.UserRole + 2  # True on the "no guide" row's cells


def header_text(label: str) -> str:
    """A long label on two lines ("Unit-code\ncompliance"), so all fourteen columns fit
    1366 px in English too; Chinese labels are short and have no spaces."""
    return label.replace(" ", "\n", 1) if len(label) > 6 else label


class _Cell(QTableWidgetItem):
    """Sorts by its figure, not its text; "–" (no figure) after every number; the "no
    guide" row after every guide. Qt sorts descending by asking `other < self`, so the
    row that must come last is the greatest ascending and the least descending."""

    def __lt__(self, other: QTableWidgetItem) -> bool:
        mine_last, theirs_last = bool(self.data(NO_GUIDE_ROW)), bool(other.data(NO_GUIDE_ROW))
        if mine_last != theirs_last:
            table = self.tableWidget()
            descending = table is not None and (table.horizontalHeader().sortIndicatorOrder()
                                                == Qt.SortOrder.DescendingOrder)
            return mine_last == descending
        mine, theirs = self.data(SORT_KEY), other.data(SORT_KEY)
        if mine is None or theirs is None:
            if mine is None and theirs is None:
                return self.text() < other.text()
            return theirs is None
        return mine < theirs


class RankingTable(QTableWidget):
    def __init__(self) -> None:
        super().__init__(0, len(COLUMNS))
        self.setObjectName("kpiRanking")
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setAlternatingRowColors(True)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        header.setSortIndicator(1, Qt.SortOrder.DescendingOrder)  # the ranking: net sales
        self.setStyleSheet("QTableWidget { font-size: 17px; }")  # read at arm's length
        self.retranslate()

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels([header_text(_(c.title)) for c in COLUMNS])

    def fill(self, guides: list[GuideKpis]) -> None:
        """The rows in the service's ranking (net sales high to low); sorting by a header
        afterwards is the person's."""
        self.setSortingEnabled(False)
        self.setRowCount(len(guides))
        for r, row in enumerate(guides):
            for c, column in enumerate(COLUMNS):
                cell = _Cell(column.text(row))
                cell.setData(SORT_KEY, column.key(row))
                cell.setData(Qt.ItemDataRole.UserRole, row.guide_id)
                cell.setData(NO_GUIDE_ROW, row.guide_id == NO_GUIDE)
                if c:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.setItem(r, c, cell)
        self.setSortingEnabled(True)
        self.horizontalHeader().setSortIndicatorShown(True)

    def sortItems(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorts as a header click does: the indicator first (the "no guide" row reads it)."""
        self.horizontalHeader().setSortIndicator(column, order)
        super().sortItems(column, order)

    def column_texts(self, c: int) -> list[str]:
        """A column's texts as shown now (tests read them)."""
        return [self.item(r, c).text() for r in range(self.rowCount())]
