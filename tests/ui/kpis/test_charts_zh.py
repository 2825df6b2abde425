"""The dashboard's charts in zh_CN at the till's screen size: each one grabbed as an image
(saved in the test's tmp folder for a person to look at) and checked non-empty — its bars or line
drawn in the chart's colours, not only a background — with a font that has the guides'
Chinese names (no boxes)."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
from PySide6.QtCore import QDate
from PySide6.QtGui import QColor, QFontMetrics, QImage

from tests.qt_wait import pump, wait_until
from ui.kpis.charts import BACKGROUND, PALETTE


def _pixels(image: QImage) -> np.ndarray:
    rgb = image.convertToFormat(QImage.Format.Format_RGB32)
    data = np.frombuffer(rgb.constBits(), dtype=np.uint32,
                         count=rgb.bytesPerLine() // 4 * rgb.height())
    return data.reshape(rgb.height(), rgb.bytesPerLine() // 4)[:, :rgb.width()] & 0xFFFFFF


def _count(pixels: np.ndarray, colour: QColor) -> int:
    return int((pixels == (colour.rgb() & 0xFFFFFF)).sum())


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
    for chart in dialog.charts.charts():
        image = chart.grab().toImage()
        image.save(str(tmp_path / f"{chart.objectName()}.png"))
        pixels = _pixels(image)
        drawn = int((pixels != (BACKGROUND.rgb() & 0xFFFFFF)).sum())
        assert drawn > pixels.size * 0.02, (chart.objectName(), drawn)
        assert _count(pixels, PALETTE[0]) > 150, chart.objectName()  # bars / the line
    assert _count(_pixels(dialog.charts.basket.grab().toImage()), PALETTE[1]) > 150  # UPT
    assert "王芳" in dialog.charts.sales.labels
    metrics = QFontMetrics(dialog.charts.sales.font())
    assert all(metrics.inFontUcs4(ord(ch)) for ch in "王芳李雷净销售额")
    assert dialog.charts.sales.width() >= 400 and dialog.charts.sales.height() >= 250
