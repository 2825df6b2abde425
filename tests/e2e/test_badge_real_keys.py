""""My approval badge" in the real app on a real X server, by real X key events, as the tester
pressed it (tester 7): Ctrl+Shift+B, Enter issues a badge, the next Enter closes the dialog.
One badge is issued and it is live: the second Enter no longer issues another and revokes
the one just shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.test_kpis_real_keys import app, selling_store, x  # noqa: F401 - fixtures
from tests.e2e.till_steps import rows, sign_in, visible
from tests.e2e.xserver import XServer, wait_for

pytestmark = pytest.mark.timeout(300)


def test_enter_issues_a_badge_and_the_next_enter_closes(
        x: XServer, app, selling_store: Path, tmp_path: Path):  # noqa: F811 - fixtures
    process, _home = app
    db = selling_store / "terminal.db"
    sign_in(x, db, "9001", "9999", what="the manager's sign-in")
    x.key("ctrl+shift+b")
    x.window_titled("^My approval badge$", timeout=30)
    x.key("Return")  # focus starts on "Issue a new badge"
    wait_for(lambda: rows(db, "SELECT count(*) FROM staff_badge")[0][0] == 1,
             what="the badge issued")
    x.screenshot(tmp_path / "badge-issued.png")
    x.key("Return")  # closes: Close is now the focused default
    wait_for(lambda: not visible(x, "^My approval badge$"), what="the dialog closed")
    assert rows(db, "SELECT count(*), count(revoked_at) FROM staff_badge") == [(1, 0)]
    assert process.poll() is None, "the app died"
