"""The dashboard's charts in zh_CN at the till's screen size: each one grabbed as an image
(saved in the test's tmp folder for a person to look at) and checked non-empty — its bars or line
drawn in the chart's colours, not only a background — with a font that has the guides'
Chinese names (no boxes)."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate
from PySide6.QtGui import QFontMetrics

from tests.qt_wait import pump, wait_until
from tests.ui.kpis.chart_pixels import assert_every_chart_drawn, count, pixels
from ui.kpis.charts import PALETTE


def test_the_charts_draw_bars_and_a_line_in_chinese(dashboard, tmp_path):
    dialog, _window, _shop = dashboard("zh_CN")
    dialog.resize(1366, 768)
    dialog.tabs.setCurrentWidget(dialog.charts)
    dialog.period.select("custom")  # 45 days: a trend of many days, one sale 40 days back
    start = date.today() - timedelta(days=45)
    dialog.period.start.setDate(QDate(start.year, start.month, start.day))
    wait_until(lambda: not dialog.loading and dialog.report.period.kind == "custom",
               timeout_ms=20_000)
    pump(200)
    assert_every_chart_drawn(dialog.charts.charts(), tmp_path)
    assert count(pixels(dialog.charts.basket.grab().toImage()), PALETTE[1]) > 150  # UPT
    assert "王芳" in dialog.charts.sales.labels
    metrics = QFontMetrics(dialog.charts.sales.font())
    assert all(metrics.inFontUcs4(ord(ch)) for ch in "王芳李雷净销售额")
    assert dialog.charts.sales.width() >= 400 and dialog.charts.sales.height() >= 250
