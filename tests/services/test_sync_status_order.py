"""The sync badge's status is one value at a time (finding 24-14): a sale's nudge, which
re-publishes the current status with a fresh queue count from the committing thread, used
to read "syncing" mid-round and publish it after the round's "online", leaving the badge on
"syncing 0" with nothing queued until the next round."""

from __future__ import annotations

import threading

from pos_app.services.sync_service import SyncService
from sync.status import SyncStatus


def test_a_nudge_never_brings_back_a_state_the_worker_moved_on_from(world):
    sync = SyncService(world.engine)
    heard: list[tuple[str, str]] = []
    sync.subscribe(lambda s: heard.append((threading.current_thread().name, s.state)))
    on_status = sync._publish  # what SyncService.start hands the worker as its callback
    done = threading.Event()

    def rounds() -> None:  # a worker thread's rounds, as fast as they come
        for _ in range(5000):
            on_status(SyncStatus(state="syncing"))
            on_status(SyncStatus(state="online"))
        done.set()

    worker = threading.Thread(target=rounds, name="sync-worker")
    worker.start()
    while not done.is_set():
        sync.refresh_queue()  # a sale's nudge, from the thread that committed it
    worker.join()
    stale = []
    latest = None
    for thread, state in heard:
        if thread == "sync-worker":
            latest = state
        elif latest is not None and state != latest:
            stale.append(state)
    assert not stale, f"{len(stale)} nudges brought back a state the worker had left"
    assert sync.status.state == "online" and heard[-1][1] == "online"
