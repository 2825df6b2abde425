"""Scanner tests run Qt offscreen, and share a hand-driven clock for exact timings."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest


class ManualClock:
    """A monotonic clock the test moves by hand, in milliseconds, so timings are exact."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance_ms(self, ms: float) -> None:
        self.now += ms / 1000.0


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def form(qtbot):
    """A shown sale-form stand-in (Qt imported lazily: decoder tests stay Qt-free)."""
    from tests.devices.scanner.qt_helpers import SaleForm

    widget = SaleForm()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def make_wedge(qapp) -> Iterator[Callable[..., Any]]:
    """Install filters on the application and always take them off again."""
    from devices.scanner.qt_wedge import QtWedgeFilter

    installed: list[QtWedgeFilter] = []

    def make(config: Any = None, clock: Any = None) -> QtWedgeFilter:
        wedge = QtWedgeFilter(config, clock) if clock is not None else QtWedgeFilter(config)
        qapp.installEventFilter(wedge)
        installed.append(wedge)
        return wedge

    yield make
    for wedge in installed:
        wedge.flush()
        qapp.removeEventFilter(wedge)
