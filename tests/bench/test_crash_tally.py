"""bench crash's accounting: every token the child writes after `ready` reaches the tally.

The child sells at once after `ready`. With a buffered stdout, the parent's readline() kept
whatever had already followed `ready` in the reader's buffer and communicate() (which reads
the fd) never saw it: those receipts went unreported, so sales on disk exceeded reported +
in-commit kept, and a trailing `B` in the buffer hid a kill inside a commit.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

from bench import crash

# `ready` and what a fast child writes right after it, in ONE write: all in the pipe together.
BURST = "ready\\nB\\nC S01-T01-000001\\nB\\nC S01-T01-000002\\nB\\n"
CHILD = f"import os, time; os.write(1, b'{BURST}'); time.sleep(30)"


def test_kill_once_keeps_what_followed_ready_in_the_same_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(crash, "child_command", lambda db, seed: [sys.executable, "-c", CHILD])
    monkeypatch.setattr(crash, "DELAY_MS", (200, 200))  # the burst is in the pipe by then

    lines, alive, in_commit, error = crash.kill_once(tmp_path / "x.db", random.Random(1))

    assert (alive, error) == (True, "")
    assert lines == ["B", "C", "S01-T01-000001", "B", "C", "S01-T01-000002", "B"]
    assert in_commit
