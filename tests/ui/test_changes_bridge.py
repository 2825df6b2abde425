"""Store changes reach screens on the GUI thread, after the call that committed them."""

from __future__ import annotations

import threading

from pos_app.services.changes import ChangeBus
from tests.ui.conftest import pump, wait_until
from ui.sync_bridge import ChangesBridge


def _listening() -> tuple[ChangeBus, ChangesBridge, list[tuple[frozenset[str], bool]]]:
    bus = ChangeBus()
    bridge = ChangesBridge()
    heard: list[tuple[frozenset[str], bool]] = []

    def slot(changes: frozenset[str]) -> None:
        heard.append((changes, threading.current_thread() is threading.main_thread()))

    bridge.on_changes(slot)
    bus.subscribe({"members"}, bridge.feed)
    return bus, bridge, heard  # the caller holds the bridge: a parentless QObject dies unheld


def test_a_commit_on_the_sync_thread_is_heard_on_the_gui_thread(qtbot):
    bus, _bridge, heard = _listening()
    worker = threading.Thread(target=bus.publish, args=(frozenset({"members"}),))
    worker.start()
    worker.join()
    wait_until(lambda: heard != [])
    assert heard == [(frozenset({"members"}), True)]


def test_a_commit_on_the_gui_thread_is_heard_once_the_call_returned(qtbot):
    bus, _bridge, heard = _listening()
    bus.publish(frozenset({"members", "sales"}))
    assert heard == []  # the service call that committed has not returned yet
    pump(20)
    assert heard == [(frozenset({"members", "sales"}), True)]


def test_other_kinds_are_not_delivered(qtbot):
    bus, _bridge, heard = _listening()
    bus.publish(frozenset({"parked"}))
    pump(20)
    assert heard == []
