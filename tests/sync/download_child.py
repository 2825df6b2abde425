"""Child processes of tests/sync/test_first_download.py (real processes, real exits).

`python -m tests.sync.download_child pull <terminal.db>`: pull every stream from the paired
HQ, page by page (the parent SIGKILLs it mid-download).
`python -m tests.sync.download_child app <data dir> during|after`: the real app (build +
ui.main.run, offscreen) on a paired data dir; its window is closed while the members
stream is still arriving, or once the download is over; the process exits with run()'s code.
"""

from __future__ import annotations

import sys
from pathlib import Path


def pull(db: Path) -> None:
    from local_db.database import open_database
    from sync.client import HqClient
    from sync.link import hq_link
    from sync.puller import pull_all

    engine = open_database(db)
    link = hq_link(engine)
    assert link is not None
    with HqClient(link.hq_url, link.token) as client:
        pull_all(engine, client, limit=200)


def app(data_dir: Path, when: str) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from pos_app.app import build
    from ui import main

    container = build(data_dir)
    qt = QApplication.instance() or QApplication(sys.argv)

    def check() -> None:
        window = next((w for w in qt.topLevelWidgets() if w.objectName() == "main"
                       or type(w).__name__ == "MainWindow"), None)
        if window is None:
            return
        download = getattr(window, "download", None)
        status = container.sync.status if container.sync else None
        if when == "during" and download is not None and "members" in download._rows:
            print("closing during", download.stream_text("members"), flush=True)
            window.close()
        elif when == "after" and status is not None and status.state == "online":
            print("closing after", flush=True)
            window.close()

    timer = QTimer()
    timer.timeout.connect(check)
    timer.start(20)
    return main.run(container)


if __name__ == "__main__":
    if sys.argv[1] == "pull":
        pull(Path(sys.argv[2]))
    else:
        sys.exit(app(Path(sys.argv[2]), sys.argv[3]))
