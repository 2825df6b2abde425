"""UI fixtures: the real demo container in a temp dir, its main window, and modal helpers."""

from __future__ import annotations

import socket
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from pos_app.app import build
from pos_app.services.settings import Settings, save_settings
from tests.db_reads import rows
from tests.devices.printer.fake_printer import FakeNetworkPrinter
from tests.qt_wait import pump, wait_until  # noqa: F401  (re-exported for the UI tests)
from tests.ui.modal_watchdog import ModalWatchdog, close_modals
from ui.main import create_window


@pytest.fixture(autouse=True)
def _no_modal_left_waiting(qapp):
    """A modal dialog nobody answers fails its test instead of stalling the run."""
    watchdog = ModalWatchdog()
    yield
    _watchers_of_test[0] += 1  # a watcher still polling belongs to this test: it stops
    stuck = watchdog.stop()
    if stuck:
        pytest.fail(f"modal dialog left open with nobody to answer it: {', '.join(stuck)}")


_watchers_of_test = [0]  # bumped after each test; a poll of an earlier test gives up


def _closing_on_error(action: Callable[[object], None]) -> Callable[[object], None]:
    """A failing step inside a dialog closes the dialogs, so the test's exec() returns and
    the error (re-raised, caught by pytest-qt) fails the test instead of hanging it."""

    def run(dialog) -> None:
        try:
            action(dialog)
        except BaseException:
            close_modals()
            raise

    return run


def on_next_modal(action: Callable[[object], None], attempts: int = 100) -> None:
    """Run `action(dialog)` once a modal dialog is up (dialogs here use exec())."""
    action, test = _closing_on_error(action), _watchers_of_test[0]

    def poll(left: int = attempts) -> None:
        if test != _watchers_of_test[0]:
            return
        dialog = QApplication.activeModalWidget()
        if dialog is not None:
            dialog.activateWindow()  # shortcuts (F1–F4) only fire in the active window
        if dialog is not None and (dialog.isActiveWindow() or not left):
            action(dialog)
        elif left:
            QTimer.singleShot(20, lambda: poll(left - 1))

    QTimer.singleShot(20, poll)


def on_modal_of(kind: type, action: Callable[[object], None], attempts: int = 150) -> None:
    """Like on_next_modal, but waits for a dialog of `kind` (e.g. a dialog over a dialog)."""
    action, test = _closing_on_error(action), _watchers_of_test[0]

    def poll(left: int = attempts) -> None:
        if test != _watchers_of_test[0]:
            return
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind):
            dialog.activateWindow()
            if dialog.isActiveWindow() or not left:
                action(dialog)
                return
        if left:
            QTimer.singleShot(20, lambda: poll(left - 1))

    QTimer.singleShot(20, poll)


def type_keys(widget, text: str) -> None:
    assert widget is not None, "no widget has keyboard focus"
    for ch in text:
        QTest.keyClick(widget, ch)


def press(widget, key: Qt.Key) -> None:
    assert widget is not None, "no widget has keyboard focus"
    QTest.keyClick(widget, key)


@pytest.fixture
def printer_name() -> str:
    return f"ui-{uuid.uuid4().hex[:8]}"


def dead_port() -> int:
    """A port on 127.0.0.1 nobody listens on: a printer that cannot be reached."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def paperless() -> Iterator[FakeNetworkPrinter]:
    """A (fake) network printer on a real socket, whose paper a test takes out (set_state)."""
    printer = FakeNetworkPrinter()
    yield printer
    printer.close()


@pytest.fixture
def make_window(tmp_path: Path, qtbot, printer_name):
    """Window over a freshly seeded demo store; `printer_url` picks the printer."""
    made = []

    def _make(printer_url: str | None = None, language: str = "en"):
        data_dir = tmp_path / "demo"
        save_settings(
            data_dir / "settings.json",
            Settings(language=language, printer_url=printer_url or f"virtual:{printer_name}"),
        )
        container = build(data_dir, demo=True)
        window = create_window(container, QApplication.instance())
        qtbot.addWidget(window)
        window.show()
        window.activateWindow()
        wait_until(window.isActiveWindow)
        made.append(window)
        return window, container

    yield _make
    app = QApplication.instance()
    wedge = getattr(app, "wedge_filter", None)
    if wedge is not None:
        app.removeEventFilter(wedge)
        app.wedge_filter = None
    for window in made:
        window.container.engine.dispose()


def db_rows(path: Path, sql: str) -> list[tuple]:
    return rows(path, sql)
