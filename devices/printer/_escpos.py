"""Import python-escpos without its side effects leaking into the app, even on a full disk.

On import it picks a capabilities pickle dir (a new temp dir per process unless
ESCPOS_CAPABILITIES_PICKLE_DIR is set), always creates one more temp dir, writes the pickle
when it is missing or older than its JSON, and calls logging.basicConfig(). On a full disk
that write dies with a traceback and leaves a truncated pickle that breaks every later
start. So we make (or check) the pickle ourselves, atomically, in the first directory where
that works — our cache, then /dev/shm (memory, not the full disk), then the temp dir — point
python-escpos at it, make its stray temp dir inside a scratch dir we delete, and put the root
logger's handlers back as they were.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import pickle
import platform
import tempfile
from pathlib import Path

import escpos

_JSON = Path(escpos.__file__).resolve().parent / "capabilities.json"
_NAME = f"{platform.python_version()}.capabilities.pickle"


def _candidates() -> list[Path]:
    found = []
    if os.environ.get("ESCPOS_CAPABILITIES_PICKLE_DIR"):
        found.append(Path(os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"]))
    with contextlib.suppress(Exception):
        from platformdirs import user_cache_dir

        found.append(Path(user_cache_dir("shopfloor-pos", appauthor=False)) / "escpos")
    uid = os.getuid() if hasattr(os, "getuid") else 0
    found.append(Path("/dev/shm") / f"shopfloor-escpos-{uid}")
    found.append(Path(tempfile.gettempdir()) / "shopfloor-escpos")
    return found


def _pickle_ready(folder: Path) -> bool:
    """A loadable pickle newer than the JSON is in `folder` (made here if need be)."""
    target = folder / _NAME
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if target.exists() and target.stat().st_mtime >= _JSON.stat().st_mtime:
            try:
                with target.open("rb") as fh:
                    pickle.load(fh)
                return True
            except Exception:  # truncated by an earlier full disk: make it again
                target.unlink()
        data = json.loads(_JSON.read_text("utf-8"))
        partial = folder / f".{_NAME}.{os.getpid()}.partial"
        try:
            with partial.open("wb") as fh:
                pickle.dump(data, fh, protocol=2)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
        return True
    except OSError:
        return False


def _pickle_dir() -> str:
    for folder in _candidates():
        if _pickle_ready(folder):
            return str(folder)
    return str(_candidates()[-1])  # nothing writable anywhere: python-escpos will say why


def _scratch() -> tempfile.TemporaryDirectory:
    for base in (None, "/dev/shm"):
        with contextlib.suppress(OSError):
            return tempfile.TemporaryDirectory(prefix="shopfloor-escpos-", dir=base)
    return tempfile.TemporaryDirectory(prefix="shopfloor-escpos-")


def _import_quietly() -> None:
    os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"] = _pickle_dir()
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    old_tempdir = tempfile.tempdir
    with _scratch() as scratch:
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
