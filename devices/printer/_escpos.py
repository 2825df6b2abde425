"""Import python-escpos without its side effects leaking into the app.

On import it picks a capabilities pickle dir (a new temp dir per process unless
ESCPOS_CAPABILITIES_PICKLE_DIR is set), always creates one more temp dir, and calls
logging.basicConfig(). We point the pickle dir at our cache, make the stray temp dir inside a
scratch dir we delete, and put the root logger's handlers back as they were.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path


def _pickle_dir() -> str:
    try:
        from platformdirs import user_cache_dir

        base = Path(user_cache_dir("shopfloor-pos", appauthor=False)) / "escpos"
        base.mkdir(parents=True, exist_ok=True)
    except OSError:
        base = Path(tempfile.gettempdir()) / "shopfloor-escpos"
        base.mkdir(exist_ok=True)
    return str(base)


def _import_quietly() -> None:
    os.environ.setdefault("ESCPOS_CAPABILITIES_PICKLE_DIR", _pickle_dir())
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    old_tempdir = tempfile.tempdir
    with tempfile.TemporaryDirectory(prefix="shopfloor-escpos-") as scratch:
        tempfile.tempdir = scratch
        try:
            import escpos.printer  # noqa: F401
        finally:
            tempfile.tempdir = old_tempdir
            root.handlers[:] = handlers
            root.setLevel(level)


_import_quietly()

from escpos import exceptions as escpos_exceptions  # noqa: E402
from escpos.constants import QR_ECLEVEL_M  # noqa: E402
from escpos.printer import Dummy, Usb, Win32Raw  # noqa: E402

__all__ = ["QR_ECLEVEL_M", "Dummy", "Usb", "Win32Raw", "escpos_exceptions"]
