"""Reading the dashboard's charts as pixels: each chart grabbed as an image (saved for a
person to look at) must show more than its background, with its first series' colour —
bars or a line actually drawn, not an empty frame with a title."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QWidget

from ui.kpis.charts import BACKGROUND, PALETTE


def pixels(image: QImage) -> np.ndarray:
    """The image's RGB values, one uint32 a pixel, row by row."""
    rgb = image.convertToFormat(QImage.Format.Format_RGB32)
    data = np.frombuffer(rgb.constBits(), dtype=np.uint32,
                         count=rgb.bytesPerLine() // 4 * rgb.height())
    return data.reshape(rgb.height(), rgb.bytesPerLine() // 4)[:, :rgb.width()] & 0xFFFFFF


def count(found: np.ndarray, colour: QColor) -> int:
    """How many pixels are exactly `colour`."""
    return int((found == (colour.rgb() & 0xFFFFFF)).sum())


def assert_every_chart_drawn(charts: Iterable[QWidget], folder: Path) -> None:
    """Each chart saved as folder/<its object name>.png, more than 2 % of it drawn, and
    more than 150 pixels of the first series' colour (the bars / the line)."""
    for chart in charts:
        image = chart.grab().toImage()
        image.save(str(folder / f"{chart.objectName()}.png"))
        found = pixels(image)
        drawn = int((found != (BACKGROUND.rgb() & 0xFFFFFF)).sum())
        assert drawn > found.size * 0.02, (chart.objectName(), drawn)
        assert count(found, PALETTE[0]) > 150, chart.objectName()  # bars / the line
