"""The cart as a table: one row per line, amounts in yuan, selection by keyboard.

Columns are sized for what they hold, not for what they hold now: the amounts fit
¥12,345.67 and the quantity four digits from the first scan on, so columns neither jump
as lines are added nor squeeze; the product name takes the rest. The table never takes
focus: ↑/↓ and Del reach it through the sale screen, and the scan field keeps the keys.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from pos_app.domain.cart import CartTotals, PricedLine
from pos_app.domain.money import format_money
from pos_app.domain.pricing import Adjustment
from pos_app.i18n import N_, _

HEADERS = ("#", N_("Product"), N_("Qty"), N_("Price"), N_("Discount"), N_("Amount"),
           N_("Guide"))
# The widest content each fixed column must show whole (the product name stretches).
SAMPLES = {0: "99", 2: "9999", 3: "¥12,345.67", 4: "¥12,345.67", 5: "¥12,345.67",
           6: "王芳芳芳"}
CELL_PADDING = 16  # the cell's margins and the grid line
SHORT_NAME = "可口可乐 330ml"  # the product column shows at least this much
MIN_WIDTH = 420  # below its size hint the table scrolls sideways
CAMPAIGN_KIND = "promo."  # adjustments of HQ's campaigns (domain.promotions)


def is_campaign(a: Adjustment) -> bool:
    return a.rule.kind.startswith(CAMPAIGN_KIND)


def rule_label(a: Adjustment) -> str:
    """A built-in rule's name is an English msgid (translated); a campaign's is HQ's own."""
    return a.rule.name if is_campaign(a) else _(a.rule.name)


def line_title(priced: PricedLine) -> str:
    """The product name; below it the unit code, on a member's sale the member price
    charged (the Price column keeps the list price it was taken off), and each campaign
    rule that took money off the line with its amount ("12.12 奶粉买一送一 −¥268.00")."""
    line = priced.line
    below = [line.unit_code] if line.unit_code else []
    if priced.member_saving:
        below.append(_("Member price {price}").format(
            price=format_money(priced.charged_unit_price)))
    below += [f"{rule_label(a)} {format_money(-a.amount)}"
              for a in priced.adjustments if is_campaign(a)]
    return "\n".join([line.product.name, " · ".join(below)] if below else [line.product.name])


def adjustments_text(priced: PricedLine) -> str:
    """Each rule's money off this line, one a row (the Discount cell's tooltip):
    "Member price −¥4.00", "Discount −¥1.50 (damaged box)"."""
    rows = []
    for a in priced.adjustments:
        text = f"{rule_label(a)} {format_money(-a.amount)}"
        rows.append(f"{text} ({a.reason})" if a.reason and a.rule.kind != "member_price"
                    and not is_campaign(a)
                    else text)
    return "\n".join(rows)


class CartTable(QTableWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(0, len(HEADERS), parent)
        self.setObjectName("cart")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(40)
        header = self.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col in SAMPLES:
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
        header.setMinimumSectionSize(24)
        self._line_ids: list[str] = []
        self.retranslate()

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels([_(h) if h != "#" else h for h in HEADERS])
        self.size_columns()

    def size_columns(self) -> None:
        """Each fixed column as wide as its header or its widest expected value."""
        self.ensurePolished()
        cells = self.fontMetrics()
        header = self.horizontalHeader()
        header.ensurePolished()
        titles = header.fontMetrics()
        for col, sample in SAMPLES.items():
            item = self.horizontalHeaderItem(col)
            title = item.text() if item is not None else ""
            width = max(cells.horizontalAdvance(sample), titles.horizontalAdvance(title) + 8)
            header.resizeSection(col, width + CELL_PADDING)
        # Room for every column is asked for (sizeHint), not insisted on: on a 1024 px
        # screen with the printer pane opened the table scrolls sideways instead of
        # pushing the window past the screen.
        self.setMinimumWidth(MIN_WIDTH)

    def content_width(self) -> int:
        """The fixed columns plus room for a short product name, and the frame."""
        fixed = sum(self.horizontalHeader().sectionSize(col) for col in SAMPLES)
        name = self.fontMetrics().horizontalAdvance(SHORT_NAME) + CELL_PADDING
        return fixed + name + 2 * self.frameWidth() + self.verticalScrollBar().sizeHint().width()

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(max(hint.width(), self.content_width()), hint.height())

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.size_columns()  # the stylesheet's font is known once polished

    def show_totals(
        self,
        totals: CartTotals,
        select_line: str | None = None,
        guide_names: dict[str, str] | None = None,
    ) -> None:
        """`guide_names` maps staff ids to names for the Guide column (blank: no guide)."""
        names = guide_names or {}
        self.setRowCount(len(totals.lines))
        self._line_ids = []
        for row, priced in enumerate(totals.lines):
            line = priced.line
            self._line_ids.append(line.line_id)
            cells = (
                str(row + 1),
                line_title(priced),
                str(line.quantity),
                format_money(line.product.unit_price),
                format_money(priced.line_discount + priced.order_discount)
                if priced.line_discount + priced.order_discount
                else "",
                format_money(priced.net),
                names.get(line.guide_id, "") if line.guide_id else "",
            )
            why = adjustments_text(priced)
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col in (0, 2, 3, 4, 5):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if why:
                    item.setToolTip(why)
                self.setItem(row, col, item)
        if select_line in self._line_ids:
            self.selectRow(self._line_ids.index(select_line))
        elif self._line_ids:
            self.selectRow(len(self._line_ids) - 1)

    def selected_line_id(self) -> str | None:
        rows = self.selectionModel().selectedRows()
        if not rows:
            return None
        row = rows[0].row()
        return self._line_ids[row] if 0 <= row < len(self._line_ids) else None

    def move_selection(self, delta: int) -> None:
        if not self._line_ids:
            return
        current = self.currentRow() if self.currentRow() >= 0 else len(self._line_ids) - 1
        self.selectRow(max(0, min(len(self._line_ids) - 1, current + delta)))
