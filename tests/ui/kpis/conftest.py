"""The KPI screens' fixtures: a demo window over a store with a few days of selling, and a
manager's dashboard over it (shown, not modal, so the test drives it)."""

from __future__ import annotations

import pytest

from tests.qt_wait import wait_until
from tests.ui.kpis.shop import seed_selling
from ui.kpis import KpiDashboard


@pytest.fixture
def selling(make_window):
    def _make(language: str = "en"):
        window, container = make_window(language=language)
        shop = seed_selling(container.engine, container.till.terminal)
        return window, shop
    return _make


@pytest.fixture
def dashboard(selling, qtbot):
    def _open(language: str = "en"):
        window, shop = selling(language)
        window.till.sign_in("9001", "9999")
        dialog = KpiDashboard(window.till.kpis, window.till, window)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.load()
        wait_until(lambda: dialog.report is not None and not dialog.loading, timeout_ms=20_000)
        return dialog, window, shop
    return _open
