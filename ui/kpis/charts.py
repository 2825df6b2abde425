"""The dashboard's charts, drawn with QPainter: horizontal bars (one or two series per
guide) and a line of the daily trend.

Why our own and not a plotting library: QtCharts is deprecated since Qt 6.10, pyqtgraph is
not in the venv and its category axes make guides' Chinese names awkward; these charts need
a title, names, bars or a line and a value beside each, which is sixty lines of QPainter.
Everything is drawn with the application's font (ui/style.py picks a CJK family), at sizes
read from arm's length at the counter.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

BACKGROUND = QColor("#ffffff")
INK = QColor("#202020")
GRID = QColor("#d8d8d8")
PALETTE = (QColor("#2f6db5"), QColor("#e08a1e"), QColor("#1f7a3a"))
PAD = 12


@dataclass(frozen=True)
class Series:
    """One row of values per category; `text` formats a value for its label."""

    name: str
    values: list[float]
    text: Callable[[float], str]


class _Chart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = ""
        self.empty_text = ""
        self.setMinimumSize(320, 220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAutoFillBackground(False)

    def sizeHint(self) -> QSize:
        return QSize(420, 300)

    def _font(self, scale: float = 1.0, bold: bool = False) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(max(12, int(16 * scale)))
        font.setBold(bold)
        return font

    def _frame(self, painter: QPainter) -> QRectF:
        """Background and title; the rectangle left for the plot."""
        painter.fillRect(self.rect(), BACKGROUND)
        painter.setPen(INK)
        painter.setFont(self._font(1.15, bold=True))
        height = QFontMetrics(painter.font()).height()
        painter.drawText(QRectF(PAD, PAD / 2, self.width() - 2 * PAD, height),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.title)
        return QRectF(PAD, PAD + height, self.width() - 2 * PAD,
                      self.height() - 2 * PAD - height)

    def _empty(self, painter: QPainter, area: QRectF) -> None:
        painter.setPen(QColor("#777777"))
        painter.setFont(self._font())
        painter.drawText(area, Qt.AlignmentFlag.AlignCenter, self.empty_text)

    def _shown(self, title: str, empty_text: str) -> None:
        """The new data's title and empty text; repainted."""
        self.title, self.empty_text = title, empty_text
        self.update()

    def paintEvent(self, _event) -> None:
        """Every chart: background and title, then its plot, or its empty text when there
        is nothing to plot."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = self._frame(painter)
        if self._has_data():
            self._plot(painter, area)
        else:
            self._empty(painter, area)
        painter.end()

    def _has_data(self) -> bool:
        raise NotImplementedError

    def _plot(self, painter: QPainter, area: QRectF) -> None:
        raise NotImplementedError


class BarChart(_Chart):
    """Horizontal bars: a guide's name on the left, one bar per series (each series scaled
    to its own largest value, so ATV in yuan and UPT in units share one chart)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.labels: list[str] = []
        self.series: list[Series] = []

    def set_data(self, title: str, labels: list[str], series: list[Series],
                 empty_text: str = "") -> None:
        self.labels, self.series = labels, series
        self._shown(title, empty_text)

    def _has_data(self) -> bool:
        return bool(self.labels and self.series)

    def _plot(self, painter: QPainter, area: QRectF) -> None:
        if len(self.series) > 1:
            area = self._legend(painter, area)
        font = self._font()
        painter.setFont(font)
        metrics = QFontMetrics(font)
        name_w = min(max(metrics.horizontalAdvance(t) for t in self.labels) + PAD,
                     area.width() * 0.35)
        value_w = max(metrics.horizontalAdvance(s.text(v)) for s in self.series
                      for v in s.values) + PAD
        bar_w = max(10.0, area.width() - name_w - value_w)
        row_h = area.height() / len(self.labels)
        bar_h = max(3.0, min(28.0, row_h * 0.8 / len(self.series)))
        peaks = [max((abs(v) for v in s.values), default=0) or 1 for s in self.series]
        for i, label in enumerate(self.labels):
            top = area.top() + i * row_h + (row_h - bar_h * len(self.series)) / 2
            painter.setPen(INK)
            painter.drawText(QRectF(area.left(), area.top() + i * row_h, name_w - PAD / 2, row_h),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             metrics.elidedText(label, Qt.TextElideMode.ElideRight,
                                                int(name_w - PAD / 2)))
            for k, (series, peak) in enumerate(zip(self.series, peaks, strict=True)):
                value = series.values[i]
                width = max(0.0, bar_w * value / peak) if value > 0 else 0.0
                y = top + k * bar_h
                painter.fillRect(QRectF(area.left() + name_w, y, width, bar_h - 1),
                                 PALETTE[k % len(PALETTE)])
                painter.setPen(INK)
                painter.drawText(QRectF(area.left() + name_w + width + 4, y, value_w, bar_h),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                                 series.text(value))

    def _legend(self, painter: QPainter, area: QRectF) -> QRectF:
        painter.setFont(self._font(0.9))
        metrics = QFontMetrics(painter.font())
        x = area.left()
        for k, series in enumerate(self.series):
            painter.fillRect(QRectF(x, area.top() + 4, 14, 14), PALETTE[k % len(PALETTE)])
            painter.setPen(INK)
            painter.drawText(QPointF(x + 18, area.top() + 4 + metrics.ascent()), series.name)
            x += 18 + metrics.horizontalAdvance(series.name) + 2 * PAD
        return area.adjusted(0, metrics.height() + 8, 0, 0)


class LineChart(_Chart):
    """One value per day (the store's net sales), with its peak and the period's ends
    named on the axes. A day without a value (None: a day still to come) keeps its place
    on the axis but is left blank, so this month's chart does not read as ¥0 ahead."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points: list[tuple[str, float | None]] = []
        self.text: Callable[[float], str] = str

    def set_data(self, title: str, points: list[tuple[str, float | None]],
                 text: Callable[[float], str], empty_text: str = "") -> None:
        self.points, self.text = points, text
        self._shown(title, empty_text)

    def _has_data(self) -> bool:
        return any(v is not None for _d, v in self.points)

    def _plot(self, painter: QPainter, area: QRectF) -> None:
        font = self._font(0.9)
        painter.setFont(font)
        metrics = QFontMetrics(font)
        values = [v for _d, v in self.points if v is not None]
        low, high = min(0.0, min(values)), max(values) or 1.0
        axis_w = max(metrics.horizontalAdvance(self.text(high)),
                     metrics.horizontalAdvance(self.text(low))) + PAD
        plot = area.adjusted(axis_w, PAD / 2, -PAD, -metrics.height() - 4)
        for value in {low, high, (low + high) / 2}:
            y = plot.bottom() - (value - low) / (high - low or 1) * plot.height()
            painter.setPen(QPen(GRID, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(INK)
            painter.drawText(QRectF(area.left(), y - metrics.height() / 2, axis_w - 6,
                                    metrics.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             self.text(value))
        step = plot.width() / max(1, len(self.points) - 1)
        path = QPainterPath()
        dots: list[QPointF] = []
        for i, (_day, value) in enumerate(self.points):
            if value is None:
                continue  # a day to come: its place stays blank
            point = QPointF(plot.left() + i * step if len(self.points) > 1 else plot.center().x(),
                            plot.bottom() - (value - low) / (high - low or 1) * plot.height())
            if dots:
                path.lineTo(point)
            else:
                path.moveTo(point)
            dots.append(point)
        painter.setPen(QPen(PALETTE[0], 3))
        painter.drawPath(path)
        painter.setBrush(PALETTE[0])
        if len(dots) <= 31:  # a dot a day reads for a month; beyond, the line alone
            for point in dots:
                painter.drawEllipse(point, 4, 4)
        painter.setPen(INK)
        first, last = self.points[0][0], self.points[-1][0]
        baseline = QRectF(plot.left(), plot.bottom() + 4, plot.width(), metrics.height())
        if len(self.points) == 1:
            painter.drawText(baseline, Qt.AlignmentFlag.AlignHCenter, first)
        else:
            painter.drawText(baseline, Qt.AlignmentFlag.AlignLeft, first)
            painter.drawText(baseline, Qt.AlignmentFlag.AlignRight, last)
