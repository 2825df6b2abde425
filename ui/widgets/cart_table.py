"""The cart as a table: one row per line, amounts in yuan, selection by keyboard.

Columns are sized for what they hold, not for what they hold now: the amounts fit
¥12,345.67 and the quantity four digits from the first scan on, so columns neither jump
as lines are added nor squeeze; the product name takes the rest. Their widths are computed
once per font and language (never from the cells), and the rows come from a model that
announces only the rows a refresh changed (ui.widgets.cart_model), so a scan costs the same
in a 100-line cart as in an empty one (issue 15). The table never takes focus: ↑/↓ and Del
reach it through the sale screen, and the scan field keeps the keys.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from pos_app.domain.cart import CartTotals, PricedLine
from pos_app.domain.money import format_money
from pos_app.domain.pricing import Adjustment
from pos_app.i18n import N_, _
from ui.widgets.cart_model import CartModel, CartRow
from ui.widgets.product_name import product_name

HEADERS = ("#", N_("Product"), N_("Qty"), N_("Price"), N_("Discount"), N_("Amount"),
           N_("Guide"))
# The widest content each fixed column must show whole (the product name stretches).
SAMPLES = {0: "99", 2: "9999", 3: "¥12,345.67", 4: "¥12,345.67", 5: "¥12,345.67",
           6: "王芳芳芳"}
CELL_PADDING = 16  # the cell's margins and the grid line
SHORT_NAME = "可口可乐 330ml"  # the product column shows at least this much
MIN_WIDTH = 420  # below its size hint the table scrolls sideways
CAMPAIGN_KIND = "promo."  # adjustments of HQ's campaigns (domain.promotions)
RIGHT_ALIGNED = frozenset({0, 2, 3, 4, 5})


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
    name = product_name(line.product)  # English on an English screen (ui/widgets/product_name)
    return "\n".join([name, " · ".join(below)] if below else [name])


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


def cart_row(number: int, priced: PricedLine, names: dict[str, str]) -> CartRow:
    """What one line shows: its number, title, quantity, list price, discount, amount, guide."""
    line = priced.line
    off = priced.line_discount + priced.order_discount
    cells = (
        str(number),
        line_title(priced),
        str(line.quantity),
        format_money(line.product.unit_price),
        format_money(off) if off else "",
        format_money(priced.net),
        names.get(line.guide_id, "") if line.guide_id else "",
    )
    return CartRow(line.line_id, cells, adjustments_text(priced))


class CartCell:
    """`table.item(row, col)` as QTableWidget offered it: the cell's text and tooltip."""

    def __init__(self, row: CartRow, col: int) -> None:
        self._row, self._col = row, col

    def text(self) -> str:
        return self._row.cells[self._col]

    def toolTip(self) -> str:
        return self._row.tooltip

    def textAlignment(self) -> Qt.AlignmentFlag:
        return (Qt.AlignmentFlag.AlignRight if self._col in RIGHT_ALIGNED
                else Qt.AlignmentFlag.AlignLeft) | Qt.AlignmentFlag.AlignVCenter


class CartTable(QTableView):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.cart_model = CartModel(HEADERS, RIGHT_ALIGNED, self)
        self.setModel(self.cart_model)
        self.setObjectName("cart")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(40)
        header = self.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col in SAMPLES:
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
        header.setMinimumSectionSize(24)
        self._sized_for: tuple[object, ...] | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.cart_model.set_headers([_(h) if h != "#" else h for h in HEADERS])
        self.size_columns()

    def size_columns(self) -> None:
        """Each fixed column as wide as its header or its widest expected value; computed
        again only when the font or the headers' language changed."""
        self.ensurePolished()
        header = self.horizontalHeader()
        header.ensurePolished()
        titles = [self.cart_model.headerData(col, Qt.Orientation.Horizontal) or ""
                  for col in SAMPLES]
        key = (self.font().key(), header.font().key(), *titles)
        if key == self._sized_for:
            return
        self._sized_for = key
        cells = self.fontMetrics()
        heads = header.fontMetrics()
        for (col, sample), title in zip(SAMPLES.items(), titles, strict=True):
            width = max(cells.horizontalAdvance(sample), heads.horizontalAdvance(title) + 8)
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
        self.cart_model.set_rows([cart_row(n, priced, names)
                                  for n, priced in enumerate(totals.lines, start=1)])
        ids = self.cart_model.line_ids()
        if select_line in ids:
            self._select(ids.index(select_line))
        elif ids:
            self._select(len(ids) - 1)

    def _select(self, row: int) -> None:
        if self.currentIndex().row() != row or not self.selectionModel().isRowSelected(row):
            self.selectRow(row)
        else:
            self.scrollTo(self.currentIndex())

    # --- what callers of the old QTableWidget read --------------------------------------
    def rowCount(self) -> int:
        return self.cart_model.rowCount()

    def currentRow(self) -> int:
        return self.currentIndex().row()

    def item(self, row: int, col: int) -> CartCell | None:
        if not (0 <= row < self.cart_model.rowCount() and 0 <= col < len(HEADERS)):
            return None
        return CartCell(self.cart_model.row(row), col)

    def selected_line_id(self) -> str | None:
        rows = self.selectionModel().selectedRows()
        if not rows:
            return None
        row = rows[0].row()
        ids = self.cart_model.line_ids()
        return ids[row] if 0 <= row < len(ids) else None

    def move_selection(self, delta: int) -> None:
        count = self.cart_model.rowCount()
        if not count:
            return
        current = self.currentRow() if self.currentRow() >= 0 else count - 1
        self.selectRow(max(0, min(count - 1, current + delta)))
