"""The guide's own screen (Ctrl+Y) in the real app on a real X server, by real X events, as
the tester used it (tester 11): the period combo clicked, Down Down Enter — the period
changes and no customer's profile opens."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.e2e.test_kpis_real_keys import app, selling_store, x  # noqa: F401 - fixtures
from tests.e2e.till_steps import sign_in, visible
from tests.e2e.xserver import XServer

pytestmark = pytest.mark.timeout(300)


def test_enter_in_the_period_combo_opens_no_profile(
        x: XServer, app, selling_store: Path, tmp_path: Path):  # noqa: F811 - fixtures
    process, _home = app
    db = selling_store / "terminal.db"
    sign_in(x, db, "2001", "2222", what="the guide's sign-in")
    x.key("ctrl+y")
    screen = x.window_titled("^My figures and customers$", timeout=30)
    time.sleep(1.5)  # the figures and the first page load off the GUI thread
    x.screenshot(tmp_path / "my-screen.png")
    geometry = dict(line.split("=") for line in x.xdotool(
        "getwindowgeometry", "--shell", screen).splitlines())
    # the period combo: the top-left of the screen, above the figures
    x.xdotool("mousemove", "--sync", str(int(geometry["X"]) + 60),
              str(int(geometry["Y"]) + 25))
    x.xdotool("click", "1")
    time.sleep(0.5)
    x.key("Escape")  # a click opens the combo's list: close it, keep the focus in the combo
    x.key("Down", "Down", "Return")
    time.sleep(1.5)
    x.screenshot(tmp_path / "my-screen-after.png")
    assert not visible(x, "^Member profile$"), "Enter in the period combo opened a profile"
    assert visible(x, "^My figures and customers$")
    assert process.poll() is None, "the app died"
