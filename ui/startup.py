"""What the till does once its first frame is up: say so (for the start-up bench), then warm.

Start-up is paid by a person standing at the till, so nothing that grows with the data or
that the sign-in screen does not need runs before the first frame (local_db.database reads
only headers and the schema revision; the integrity check runs later, ui.store_care). The
modules the first scan, the first member search or the first sync will need are imported on
a background thread once the window is painted (`warm_up`), so neither the first frame nor
the first scan waits for them.

`SHOPFLOOR_READY_FILE=<path>` (benches and end-to-end tests only; production never sets it):
when the staff-code field has the keyboard focus and has been painted, one JSON line is
written there — the wall-clock time, the pid and the focused field — and the start-up bench
times the start to that line (bench/startup.py).
"""

from __future__ import annotations

import gc
import importlib
import json
import logging
import os
import threading
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

log = logging.getLogger(__name__)
READY_ENV = "SHOPFLOOR_READY_FILE"
# What the first scan, member search or sync imports on its own; imported here first.
WARM_MODULES = (
    "biip.symbology",  # biip's GS1 tables: the first unit code scanned
    "biip.gs1_messages",
    "biip.gs1_digital_link_uris",
    "pypinyin",  # the first name search in pinyin
    "httpx",  # the first sync round, coupon or member asked of HQ
    "devices.printer.escpos_render",  # the first receipt
    "pos_app.services.auth",  # warm_up(): the dummy PIN hash an unknown staff code is checked on
)
WARM_DELAY_MS = 200  # after the first frame, so painting it never waits on the GIL


class ReadyProbe(QObject):
    """Watches the field's paint events; the first one with the keyboard focus is 'ready'."""

    def __init__(self, field: QWidget, path: str) -> None:
        super().__init__(field)
        self.field = field
        self.path = path
        field.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.field.hasFocus():
            QTimer.singleShot(0, self._write)  # after this paint has reached the screen
            self.field.removeEventFilter(self)
        return False

    def _write(self) -> None:
        line = {"ready": time.time(), "pid": os.getpid(),
                "focus": self.field.objectName(), "monotonic": time.monotonic(),
                "cpu_s": time.process_time()}
        try:
            with open(self.path, "a", encoding="utf-8") as fh:
                fh.write(json.dumps(line) + "\n")
        except OSError as exc:
            log.warning("cannot write the ready file: %s", exc)


def report_ready(field: QWidget) -> ReadyProbe | None:
    """Only when the bench asks (the env var); otherwise nothing is watched."""
    path = os.environ.get(READY_ENV)
    return ReadyProbe(field, path) if path else None


def _import_all(names: tuple[str, ...]) -> None:
    for name in names:
        try:
            module = importlib.import_module(name)
            if name == "pypinyin":  # its dictionaries load on the first call, not at import
                module.lazy_pinyin("王")
            warm = getattr(module, "warm_up", None)
            if callable(warm):
                warm()
        except Exception:  # warming is an optimisation: the real use reports
            log.debug("warm-up of %s failed", name, exc_info=True)


def resume_gc() -> None:
    """The start ran with the cycle collector off (pos_app.cli): what it built lives as long
    as the till, so it is frozen out of later collections (gc.freeze) and collecting resumes.
    A process that never turned it off (tests) is left as it is."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def warm_up(names: tuple[str, ...] = WARM_MODULES, delay_ms: int = WARM_DELAY_MS) -> None:
    """Import what the first scan and search will need, off the GUI thread, after the first
    frame; a module that fails here fails again where it is used, and says so there."""
    if QApplication.instance() is None:
        return

    def start() -> None:
        resume_gc()
        threading.Thread(target=_import_all, args=(names,), name="warm-up", daemon=True).start()

    QTimer.singleShot(delay_ms, start)
