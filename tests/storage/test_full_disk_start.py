"""The app starts on a full disk far enough to say so: python-escpos's capabilities pickle
(written at import) goes where there is room, a pickle truncated by an earlier full disk is
made again, and the till names the full disk instead of dying with a traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.builders import build_world
from tests.storage.small_disk import fill, small_disk

ROOT = Path(__file__).resolve().parents[2]


def _env(disk: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in (
        "ESCPOS_CAPABILITIES_PICKLE_DIR", "DISPLAY", "WAYLAND_DISPLAY")}
    env.update(TMPDIR=str(disk), XDG_CACHE_HOME=str(disk / "cache"), HOME=str(disk),
               PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    return env


def test_the_printer_library_imports_on_a_full_disk(tmp_path):
    shm = Path("/dev/shm") / f"shopfloor-escpos-{os.getuid()}"
    shutil.rmtree(shm, ignore_errors=True)  # make it write the pickle now, not reuse one
    with small_disk(tmp_path / "disk") as disk:
        fill(disk)
        done = subprocess.run(
            [sys.executable, "-c", "import devices.printer.printer, os;"
             "print(os.environ['ESCPOS_CAPABILITIES_PICKLE_DIR'])"],
            cwd=ROOT, env=_env(disk), capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
        assert not done.stdout.strip().startswith(str(disk))  # went where there is room


def test_a_truncated_capabilities_pickle_is_made_again(tmp_path):
    from devices.printer import _escpos

    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / _escpos._NAME).write_bytes(b"\x80\x02}q")  # cut short by a full disk
    assert _escpos._pickle_ready(folder)
    import pickle

    with (folder / _escpos._NAME).open("rb") as fh:
        assert "profiles" in pickle.load(fh)


def test_starting_the_till_on_a_full_disk_names_the_full_disk(tmp_path):
    with small_disk(tmp_path / "disk") as disk:
        data = disk / "store"
        build_world(data / "terminal.db").engine.dispose()
        fill(disk)
        done = subprocess.run(
            [sys.executable, "-m", "pos_app.cli", "--data-dir", str(data), "--lang", "en"],
            cwd=ROOT, env=_env(disk), capture_output=True, text=True, timeout=120)
        assert done.returncode == 2
        assert "is full" in done.stderr
        assert "Traceback" not in done.stderr
