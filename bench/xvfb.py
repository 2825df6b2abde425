"""A private X server (Xvfb) and xdotool for the benches that run the real till's window.

The start-up and UI benches measure what a person sees, so they run the app on a real X
server with real key events (xdotool types through XTest the way a keyboard-wedge scanner
does), not Qt's offscreen platform. Each bench starts its own Xvfb on a display it picks
(-displayfd) and stops it at the end.

`XDisplay` is the one start-up and stop of that server: the benches' `Xvfb` and the
end-to-end tests' `tests/e2e/xserver.XServer` are both built on it (tests may import
bench, never the other way round).
"""

from __future__ import annotations

import os
import shutil
import subprocess


class XDisplay:
    """Xvfb on a display number it picks itself (-displayfd), killed on `stop`."""

    def __init__(self, size: str = "1366x768x24") -> None:
        read, write = os.pipe()
        self.process = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", size, "-nolisten", "tcp",
             "-noreset"], pass_fds=(write,), stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        os.close(write)
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        if not number:
            self.stop()
            raise RuntimeError("Xvfb did not start")
        self.display = f":{number}"

    def env(self, base: dict[str, str] | None = None) -> dict[str, str]:
        """`base` (default: this process's environment) pointed at this display, with Qt
        on X (xcb), never on a Wayland session the caller happens to run in."""
        env = dict(base if base is not None else os.environ, DISPLAY=self.display,
                   QT_QPA_PLATFORM="xcb")
        env.pop("WAYLAND_DISPLAY", None)
        return env

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()


class Xvfb(XDisplay):
    """The benches' display: refuses to start without its tools (a bench has no skip)."""

    def __init__(self, size: str = "1366x768x24") -> None:
        for tool in ("Xvfb", "xdotool"):
            if shutil.which(tool) is None:
                raise RuntimeError(f"{tool} is not installed (scripts/setup installs it)")
        super().__init__(size)

    def xdotool(self, *args: str, wait: bool = True) -> subprocess.Popen | str:
        """Run xdotool on this display; `wait=False` returns the running process (the
        caller's Qt loop keeps turning while it types)."""
        command = ["xdotool", *args]
        if not wait:
            return subprocess.Popen(command, env=self.env(), stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
        done = subprocess.run(command, env=self.env(), capture_output=True, text=True,
                              timeout=60, check=True)
        return done.stdout.strip()
