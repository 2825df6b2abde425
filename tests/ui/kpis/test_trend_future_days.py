"""This month's trend leaves the days still to come blank (finding 24-11): they were drawn
as ¥0, a fall to nothing the store never had. The real dashboard on this month, and the
line chart read as pixels: no line or dot right of the last day with a value."""

from __future__ import annotations

import calendar
from datetime import UTC, datetime

from pos_app.domain.kpis import local_day
from tests.qt_wait import wait_until
from tests.ui.kpis.chart_pixels import count, pixels
from ui.kpis.charts import PALETTE, LineChart


def test_the_month_s_trend_has_no_values_after_today(dashboard):
    dialog, _window, _shop = dashboard()
    dialog.period.select("month")
    today = local_day(datetime.now(UTC))  # the store's calendar, as the chart's (not UTC's)
    days = calendar.monthrange(today.year, today.month)[1]
    wait_until(lambda: len(dialog.charts.trend.points) == days, timeout_ms=20_000)
    values = [v for _d, v in dialog.charts.trend.points]
    assert all(v is not None for v in values[:today.day])
    assert all(v is None for v in values[today.day:])


def test_days_to_come_are_drawn_blank(qtbot):
    chart = LineChart()
    qtbot.addWidget(chart)
    chart.resize(900, 260)
    points = [(f"12-{d:02d}", 10_000.0 * (d % 3 + 1) if d <= 7 else None)
              for d in range(1, 32)]
    chart.set_data("Store net sales per day", points, str)
    chart.show()
    found = pixels(chart.grab().toImage())
    line = count(found[:, :found.shape[1] // 3], PALETTE[0])
    right = count(found[:, found.shape[1] // 3:], PALETTE[0])
    assert line > 150  # the week so far is drawn
    assert right == 0  # day 8 on (past a third of the width) is blank, not ¥0
