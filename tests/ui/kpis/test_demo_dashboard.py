"""The demo store as `shopfloor --demo` makes it: the manager's KPI dashboard over the seeded
month shows its guides and draws every chart (bars, trend, ATV/UPT) non-empty, in Chinese,
and the guide's own screen lists her customers (pos_app/services/demo_history.py)."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QApplication

from pos_app.app import build
from pos_app.services.settings import Settings, save_settings
from tests.qt_wait import pump, wait_until
from tests.ui.kpis.chart_pixels import assert_every_chart_drawn
from ui.kpis import KpiDashboard
from ui.main import create_window


def test_the_demo_months_dashboard_shows_the_guides_and_draws_every_chart(tmp_path, qtbot):
    data_dir = tmp_path / "demo"
    save_settings(data_dir / "settings.json", Settings(language="zh_CN", printer_url="virtual:"))
    container = build(data_dir, demo=True, demo_history=True)
    window = create_window(container, QApplication.instance())
    qtbot.addWidget(window)
    window.till.sign_in("9001", "9999")
    dialog = KpiDashboard(window.till.kpis, window.till, window)
    qtbot.addWidget(dialog)
    dialog.resize(1366, 768)
    dialog.show()
    dialog.load()
    wait_until(lambda: dialog.report is not None and not dialog.loading, timeout_ms=20_000)
    if date.today().day > 1:  # this month: the seeded days before today
        dialog.period.select("month")
        wait_until(lambda: not dialog.loading and dialog.report.period.kind == "month",
                   timeout_ms=20_000)
        assert any(g.name == "王芳" and g.sales and g.net_sales > 0 for g in dialog.report.guides)
    # the last 30 days (today has no sales yet: the seeded past ends last night)
    dialog.period.select("custom")
    start = date.today() - timedelta(days=30)
    dialog.period.start.setDate(QDate(start.year, start.month, start.day))
    wait_until(lambda: not dialog.loading and dialog.report.period.kind == "custom",
               timeout_ms=20_000)
    names = {g.name for g in dialog.report.guides if g.sales}
    assert {"王芳", "赵敏"} <= names
    dialog.tabs.setCurrentWidget(dialog.charts)
    pump(200)
    assert_every_chart_drawn(dialog.charts.charts(), tmp_path)
    assert "王芳" in dialog.charts.sales.labels
    trend = [fen for _day, fen in dialog.report.daily if fen]
    assert len(trend) >= 25  # a trend of many days, not a dot
    dialog.close()
    window.close()
    container.engine.dispose()
