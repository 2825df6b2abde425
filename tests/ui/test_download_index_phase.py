"""The download window's line for the member indexes a first download builds after its rows
(sync.puller.INDEX_PHASE): named by the worker's label, counting members indexed, not
received, and ticked when the index is whole."""

from __future__ import annotations

from sync.puller import INDEX_PHASE
from sync.status import SyncStatus
from sync.streams import label_of
from ui.widgets.download_progress import DownloadProgress


def test_index_phase_line_counts_indexed_members(qtbot) -> None:
    window = DownloadProgress()
    qtbot.addWidget(window)
    label = label_of(INDEX_PHASE)
    assert label == "member name index"
    window.follow(SyncStatus(state="syncing", stream=INDEX_PHASE, stream_label=label,
                             rows=10_000, more=True))
    assert window.stream_text(INDEX_PHASE) == "Member name index 10,000 indexed…"
    window.follow(SyncStatus(state="syncing", stream=INDEX_PHASE, stream_label=label,
                             rows=25_000, more=False))
    assert window.stream_text(INDEX_PHASE) == "Member name index 25,000 indexed ✓"
