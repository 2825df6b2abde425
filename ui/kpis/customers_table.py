"""The guide's customer lists (pos_app.services.clienteling): a tab per list with its count,
a tag filter, one table a page at a time ("More" adds the next page)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTabBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos_app.i18n import N_, _
from pos_app.services.clienteling import Customer, CustomerList, CustomerPage
from ui.widgets.member_panel import tier_label

TABS: list[tuple[CustomerList, str]] = [
    (CustomerList.ALL, N_("All my customers ({n})")),
    (CustomerList.BIRTHDAYS, N_("Birthdays this month ({n})")),
    (CustomerList.UNSEEN, N_("Not seen for 90 days ({n})")),
    (CustomerList.EXPIRING, N_("Coupons expiring ({n})")),
]
HEADERS = [N_("Name"), N_("Phone"), N_("Tier"), N_("Birthday"), N_("Last here"), N_("Tags"),
           N_("Coupon")]


def _day(at: datetime | None) -> str:
    return "–" if at is None else at.astimezone().strftime("%Y-%m-%d")


def row_texts(c: Customer) -> list[str]:
    coupon = "" if not c.coupon_title else _("{title} · until {date}").format(
        title=c.coupon_title, date=_day(c.coupon_until))
    return [c.name, c.phone_masked, tier_label(c.tier), c.birthday or "",
            _last_here(c), " ".join(c.tags), coupon]


def _last_here(c: Customer) -> str:
    """A member who never bought here shows since when (tester 24: a bare "–" on the
    "not seen for 90 days" list said nothing of how long)."""
    if c.last_seen is None and c.enrolled_at is not None:
        return _("never · joined {date}").format(date=_day(c.enrolled_at))
    return _day(c.last_seen)


class CustomersPanel(QWidget):
    """`asked(list, offset, tag)` when a page is wanted; the owner fetches it (off the GUI
    thread) and hands it to `show_page`."""

    asked = Signal(object, int, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.customers: list[Customer] = []
        self._page: CustomerPage | None = None
        self.tabs = QTabBar()
        self.tabs.setObjectName("customerLists")
        for i, (_which, _label) in enumerate(TABS):
            self.tabs.addTab("")
            self.tabs.setTabToolTip(i, f"Ctrl+{i + 1}")
        self.tabs.currentChanged.connect(lambda _i: self.ask())
        self.tag = QLineEdit()
        self.tag.setObjectName("customerTag")
        self.tag.setPlaceholderText(_("Tag"))
        self.tag.setMaximumWidth(220)
        self.tag.returnPressed.connect(self.ask)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("customerTable")
        self.table.setHorizontalHeaderLabels([_(h) for h in HEADERS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(HEADERS) - 1, QHeaderView.ResizeMode.Stretch)
        self.more = QPushButton(_("More"))
        self.more.setObjectName("customersMore")
        self.more.clicked.connect(self.ask_more)
        self.more.hide()
        top = QHBoxLayout()
        top.addWidget(self.tabs, 1)
        top.addWidget(self.tag)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.more, 0, Qt.AlignmentFlag.AlignRight)
        self.show_counts({})

    def which(self) -> CustomerList:
        return TABS[max(0, self.tabs.currentIndex())][0]

    def show_counts(self, counts: dict[CustomerList, int]) -> None:
        for i, (which, label) in enumerate(TABS):
            n = counts.get(which)
            self.tabs.setTabText(i, _(label).format(n="…" if n is None else n))

    def ask(self) -> None:
        self.asked.emit(self.which(), 0, self.tag.text().strip())

    def ask_more(self) -> None:
        if self._page is not None and self._page.has_more:
            self.asked.emit(self.which(), self._page.offset + len(self._page.customers),
                            self.tag.text().strip())

    def show_page(self, page: CustomerPage) -> None:
        """A first page replaces the rows; a later one is added below them."""
        if page.which != self.which():
            return  # the person switched lists meanwhile
        self._page = page
        if page.offset == 0:
            self.customers = []
        self.customers.extend(page.customers)
        self.table.setRowCount(len(self.customers))
        for r in range(page.offset, len(self.customers)):
            for c, text in enumerate(row_texts(self.customers[r])):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.more.setVisible(page.has_more)
        if page.offset == 0 and self.customers:
            self.table.selectRow(0)

    def current(self) -> Customer | None:
        row = self.table.currentRow()
        return self.customers[row] if 0 <= row < len(self.customers) else None
