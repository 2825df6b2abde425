"""The dashboard's three charts side by side: net sales per guide (bars), the store's daily
net sales (line), ATV 客单价 and UPT 连带率 per guide (two bars each)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QGridLayout, QWidget

from pos_app.domain.kpis import GuideKpis, StoreKpis, hundredths
from pos_app.domain.money import format_money
from pos_app.i18n import _
from ui.kpis.charts import BarChart, LineChart, Series
from ui.kpis.figures_text import guide_name

MAX_BARS = 12  # more guides than this and the names no longer read at arm's length


def _yuan(fen: float) -> str:
    return format_money(int(fen))


def axis_yuan(fen: float) -> str:
    """Whole yuan on an axis, the sign before the ¥ as format_money writes it: "-¥34",
    never "¥-34" (tester 14)."""
    whole = int(abs(fen)) // 100
    return f"{'-' if fen < 0 and whole else ''}¥{whole:,}"


class ChartsPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sales = BarChart()
        self.sales.setObjectName("chartSales")
        self.trend = LineChart()
        self.trend.setObjectName("chartTrend")
        self.basket = BarChart()
        self.basket.setObjectName("chartBasket")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.sales, 0, 0)
        grid.addWidget(self.basket, 0, 1)
        grid.addWidget(self.trend, 1, 0, 1, 2)

    def charts(self) -> list[QWidget]:
        return [self.sales, self.trend, self.basket]

    def show_report(self, report: StoreKpis | None, guides: list[GuideKpis],
                    today: date | None = None) -> None:
        """`guides`: the rows shown (the guide filter applied); the trend is the store's,
        its days after `today` (the store's calendar) left blank rather than drawn as ¥0."""
        nothing = _("No sales in this period.")
        shown = [g for g in guides if g.sales or g.returns][:MAX_BARS]
        names = [guide_name(g) for g in shown]
        self.sales.set_data(_("Net sales per guide"), names, [
            Series(_("Net sales"), [float(g.net_sales) for g in shown], _yuan)], nothing)
        self.basket.set_data(_("ATV and UPT"), names, [
            Series(_("ATV"), [float(g.atv or 0) for g in shown], _yuan),
            Series(_("UPT"), [float(hundredths(g.upt) or 0) for g in shown],
                   lambda v: f"{int(v) // 100}.{int(v) % 100:02d}"),
        ], nothing)
        daily = [] if report is None else report.daily
        moved = any(v for _d, v in daily)
        self.trend.set_data(_("Store net sales per day"),
                            [(d.strftime("%m-%d"),
                              None if today is not None and d > today else float(v))
                             for d, v in daily] if moved else [],
                            axis_yuan, nothing)
