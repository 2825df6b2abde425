"""Is a till running on this data folder? A running till keeps a marker file with its
process id (written by pos_app.services.store_care at start, removed at a clean exit); a
marker whose process is gone is what an unclean exit leaves behind."""

from __future__ import annotations

import os
from pathlib import Path

from pos_app.errors import PosError

MARKER = ".till-running"


def running_pid(data_dir: Path) -> int | None:
    """The pid of a live till on `data_dir` (not this process), else None."""
    try:
        pid = int((data_dir / MARKER).read_text("utf-8").strip())
    except (OSError, ValueError):
        return None
    if pid == os.getpid():
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except (PermissionError, OSError):
        return pid  # alive, another user's
    return pid


def refuse_if_running(data_dir: Path) -> None:
    if running_pid(data_dir) is not None:
        raise PosError("restore_target_in_use")
