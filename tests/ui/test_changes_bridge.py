"""Store changes reach screens on the GUI thread, after the call that committed them."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QWidget

from pos_app.services.changes import ChangeBus
from tests.ui.conftest import pump, wait_until
from ui.sync_bridge import ChangesBridge


class Screen(QWidget):
    """Stands for a screen that redraws on notices, as MainWindow does (bridge as a child)."""

    def __init__(self, bus: ChangeBus) -> None:
        super().__init__()
        self.heard: list[tuple[frozenset[str], bool]] = []
        self.bridge = ChangesBridge(self)
        self.bridge.on_changes(self.store_changed)
        bus.subscribe({"members"}, self.bridge.feed)

    def store_changed(self, changes: frozenset[str]) -> None:
        self.heard.append((changes, threading.current_thread() is threading.main_thread()))


def _screen(qtbot) -> tuple[ChangeBus, Screen]:
    bus = ChangeBus()
    screen = Screen(bus)
    qtbot.addWidget(screen)
    return bus, screen


def test_a_commit_on_the_sync_thread_is_heard_on_the_gui_thread(qtbot):
    bus, screen = _screen(qtbot)
    worker = threading.Thread(target=bus.publish, args=(frozenset({"members"}),))
    worker.start()
    worker.join()
    wait_until(lambda: screen.heard != [])
    assert screen.heard == [(frozenset({"members"}), True)]


def test_a_commit_on_the_gui_thread_is_heard_once_the_call_returned(qtbot):
    bus, screen = _screen(qtbot)
    bus.publish(frozenset({"members", "sales"}))
    assert screen.heard == []  # the service call that committed has not returned yet
    pump(20)
    assert screen.heard == [(frozenset({"members", "sales"}), True)]


def test_other_kinds_are_not_delivered(qtbot):
    bus, screen = _screen(qtbot)
    bus.publish(frozenset({"parked"}))
    pump(20)
    assert screen.heard == []
