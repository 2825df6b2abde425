""""Sync now" (Ctrl+S) answers on the badge (finding 24-14): with HQ down, a round fails in
milliseconds and the badge stayed "offline", so the press looked ignored. Now the detail
says "Syncing now…" at once and then that HQ was not reached and the till retries by
itself, without widening a 1024-pixel window; and a round with nothing queued reads
"syncing", never "syncing 0"."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from sync.status import SyncStatus
from tests.services.shifts.shift_world import pair_offline
from tests.ui.conftest import pump, wait_until
from tests.ui.test_sale_flow import sign_in_by_keyboard
from ui.widgets.sync_badge import SyncBadge


def test_ctrl_s_with_hq_down_says_it_tried_and_that_the_till_retries(make_window):
    window, container = make_window()
    pair_offline(container.data_dir / "terminal.db")  # paired with an HQ that is not there
    sync = container.sync
    sync.start()
    try:
        sign_in_by_keyboard(window)
        badge = window.status.sync_badge
        wait_until(lambda: badge.badge.text() == "offline", 10_000)
        assert "Sync now" not in badge.detail.text()
        seen = []
        QTest.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        seen.append(badge.detail.text())
        window.resize(1024, 768)
        wait_until(lambda: "not reached" in badge.detail.text(), 10_000)
        assert seen[0].startswith("Syncing now…")
        assert badge.detail.text().startswith("HQ not reached; retrying by itself")
        assert "waiting to send" in badge.detail.text()  # the queue is still said
        assert badge.badge.text() == "offline"
        pump(100)
        assert window.width() <= 1024 and badge.sync_button.isVisible()
    finally:
        sync.stop()


def test_the_note_goes_once_hq_answers_and_an_empty_round_has_no_zero(qtbot):
    badge = SyncBadge()
    qtbot.addWidget(badge)
    badge.show_status(SyncStatus(state="syncing", queued=0))
    assert badge.badge.text() == "syncing"
    badge.show_status(SyncStatus(state="syncing", queued=3))
    assert badge.badge.text() == "syncing 3"
    badge.show_status(SyncStatus(state="offline", queued=3))
    badge.sync_button.click()
    badge.show_status(SyncStatus(state="offline", queued=3))  # already on its way: no answer
    assert badge.detail.text().startswith("Syncing now…")
    badge.show_status(SyncStatus(state="syncing", queued=3))
    badge.show_status(SyncStatus(state="online", queued=0))
    assert badge.detail.text() == "Sync done"
    badge.show_status(SyncStatus(state="syncing", queued=0))  # the next round: note goes
    assert badge.detail.text() == ""
