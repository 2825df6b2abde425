"""The steps every end-to-end test takes before its own, by real X keys: a private X server,
the real `shopfloor` process on it, someone signing in, a cashier opening the shift.

One copy of them, so a change at the till's sign-in or open-shift screen is followed here
once, not in each test. The app is another process: the tests read its database (read-only)
to know a step is done, never its widgets.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.e2e.xserver import XServer, require_tools, wait_for

_SIGN_INS = ("SELECT count(*) FROM audit_log a JOIN staff s ON s.id = a.staff_id"
             " WHERE a.action = 'sign_in' AND s.code = ?")
_OPEN_SHIFTS = "SELECT count(*) FROM shift WHERE closed_at IS NULL"


def rows(db: Path, sql: str, *params: object) -> list[tuple]:
    """`sql` on the app's database, read-only (the app keeps writing it meanwhile)."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10) as conn:
        return conn.execute(sql, params).fetchall()


@pytest.fixture
def x(tmp_path: Path) -> Iterator[XServer]:
    """A private X server for one test; its last screen is kept beside the test's files."""
    require_tools()
    server = XServer()
    yield server
    server.screenshot(tmp_path / "last-screen.png")
    server.stop()


def shopfloor_command() -> list[str]:
    """The installed `shopfloor` script beside this Python, else the module."""
    exe = Path(sys.executable).with_name("shopfloor")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "pos_app.cli"]


@contextmanager
def running_app(x: XServer, data_dir: Path, log_path: Path, *args: str,
                env: dict[str, str] | None = None,
                first_window: str = "^Shopfloor POS$") -> Iterator[subprocess.Popen]:
    """`shopfloor --data-dir DATA_DIR --lang en ARGS` on `x`, its first window (the main
    one, or e.g. a new data directory's "Set up this till") focused; ended (terminated,
    killed if it hangs) when the block ends, whatever happened in it."""
    log = log_path.open("w")
    process = subprocess.Popen(
        [*shopfloor_command(), *args, "--data-dir", str(data_dir), "--lang", "en"],
        env=env if env is not None else x.env(), stdout=log, stderr=subprocess.STDOUT)
    try:
        window = x.window_titled(first_window, timeout=90)
        x.xdotool("windowfocus", "--sync", window)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def type_sign_in(x: XServer, code: str, pin: str) -> None:
    """The staff code and PIN as a person types them at the sign-in screen."""
    x.human(code)
    x.key("Return")
    x.human(pin)
    x.key("Return")


def sign_in(x: XServer, db: Path, code: str, pin: str, what: str = "the sign-in") -> None:
    """Sign in by keys and wait for the app's own record of it: one more `sign_in` audit row
    for `code` than before (a store set up by the services may hold earlier ones)."""
    before = rows(db, _SIGN_INS, code)[0][0]
    type_sign_in(x, code, pin)
    wait_for(lambda: rows(db, _SIGN_INS, code)[0][0] > before, what=what)


def open_shift(x: XServer, db: Path, code: str = "1001", pin: str = "1111") -> None:
    """Sign in as someone with no shift open (the demo's cashier by default) and take the
    float the Open shift dialog offers; done when the shift row is written."""
    type_sign_in(x, code, pin)
    x.window_titled("^Open shift$")
    x.key("Return")  # the float offered
    wait_for(lambda: rows(db, _OPEN_SHIFTS)[0][0], what="the shift to open")
    keys_to_main(x)


def keys_to_main(x: XServer) -> None:
    """Wait until the till's main window holds X's focus, as a person sees the sale screen
    before scanning: there is no window manager, and keys sent while a dialog is going away
    land nowhere on a loaded machine (the app hands the focus back a moment later)."""
    main = x.window_titled("^Shopfloor POS$")
    wait_for(lambda: x.xdotool("getwindowfocus") == main, what="the sale screen's focus")


def visible(x: XServer, title: str) -> bool:
    """Whether a window titled `title` (a regular expression) is shown now (no waiting)."""
    found = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", title],
                           env=x.env(), capture_output=True, text=True, check=False)
    return found.returncode == 0 and bool(found.stdout.strip())
