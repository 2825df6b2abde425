"""A real X server (Xvfb) and real X key events (xdotool, through XTest) for end-to-end tests.

xdotool types the way a keyboard-wedge scanner does: a separate Shift press and release
around every capital and shifted symbol, each key a press and a release, a fixed delay
between keys. The app under test is the real `shopfloor` process on that display.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from bench.xvfb import XDisplay

TOOLS = ("Xvfb", "xdotool")


def require_tools() -> None:
    """CI installs the tools (scripts/setup); a developer without them is told, not failed."""
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if not missing:
        return
    message = f"{', '.join(missing)} not installed (scripts/setup installs them)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


class XServer(XDisplay):
    """Xvfb on a display number it picks itself (-displayfd), killed on `stop`; the start-up
    is bench.xvfb's, shared with the benches that drive the real window."""

    def xdotool(self, *args: str, timeout: float = 30) -> str:
        done = subprocess.run(["xdotool", *args], env=self.env(), capture_output=True,
                              text=True, timeout=timeout, check=True)
        return done.stdout.strip()

    def human(self, text: str) -> None:
        """A person at the keyboard: 250 ms between keys (a scan's keys come within ms)."""
        self.xdotool("type", "--delay", "250", text)

    def scan(self, code: str, delay_ms: int = 8) -> None:
        """A scanner: the code at `delay_ms` per key, then its Enter suffix, in one burst."""
        # One xdotool process for the code and its suffix: a second process would leave a
        # gap longer than a scanner's. ("\n" in `type` is Linefeed; "\r" is Return.)
        self.xdotool("type", "--delay", str(delay_ms), code + "\r")

    def key(self, *keys: str) -> None:
        self.xdotool("key", "--delay", "120", *keys)

    def screenshot(self, path: Path) -> None:
        """For a person to look at when a test fails (ImageMagick's `import`, if present)."""
        if shutil.which("import"):
            subprocess.run(["import", "-window", "root", str(path)], env=self.env(),
                           capture_output=True, timeout=30, check=False)

    def window_titled(self, title: str, timeout: float = 60) -> str:
        """The id of the first visible window whose title matches, once it is mapped."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", title],
                                   env=self.env(), capture_output=True, text=True)
            if found.returncode == 0 and found.stdout.strip():
                return found.stdout.split()[0]
            time.sleep(0.2)
        raise AssertionError(f"no window titled {title!r} within {timeout} s")


def wait_for(condition: Callable[[], object], timeout: float = 30,
              what: str = "condition") -> object:
    """Poll (the app is another process: no Qt event loop here to wait on)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")
