"""Camera tests run Qt offscreen and wait by pumping an event loop, never with QTest.qWait
(it holds the GIL in PySide6 6.12 and starves the camera thread)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


from tests.qt_wait import pump, wait_until  # noqa: F401  (re-exported)
