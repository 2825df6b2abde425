"""The audit trail in the real app on a real X server (issue 18-E): real X key events
(xdotool) into the `shopfloor` process. A manager changes a setting (a `settings_changed`
row naming them and the key, never the value) and signs out (the head queued for HQ); the
app closed, `shopfloor audit verify` says the keyed chain holds, and after one row is edited
with plain SQL it fails and names that row."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

import pytest

from pos_app.app import build
from pos_app.services.settings import ScannerSettings, Settings, save_settings
from tests.e2e.till_steps import (  # noqa: F401 - x: a fixture
    open_shift,
    rows,
    running_app,
    shopfloor_command,
    x,
)
from tests.e2e.xserver import XServer, wait_for

pytestmark = pytest.mark.timeout(300)


def _open_settings(x: XServer) -> None:  # noqa: F811 - x: the test's server
    """F10 once the sale screen has the keyboard (on a busy machine it comes up a moment
    after the shift row is written, and a key before that goes to the closing dialog)."""
    for _attempt in range(5):
        x.key("F10")
        try:
            x.window_titled("^Settings$", timeout=10)
            return
        except AssertionError:
            continue
    raise AssertionError("F10 did not open the settings")


def test_a_settings_change_and_a_sign_out_are_sealed_and_verify_names_an_edited_row(
        x: XServer, tmp_path: Path):  # noqa: F811 - x: the fixture
    data_dir = tmp_path / "demo"
    save_settings(data_dir / "settings.json",
                  Settings(language="en", printer_url="virtual:e2e-audit",
                           scanner=ScannerSettings(max_gap_ms=80)))
    build(data_dir, demo=True).engine.dispose()
    db = data_dir / "terminal.db"
    with running_app(x, data_dir, tmp_path / "app.log", "--demo") as process:
        open_shift(x, db, "9001", "9999")
        _open_settings(x)
        x.key("Tab", "Tab")  # language, receipt language, then the printer's address
        x.key("ctrl+a")
        x.human("virtual:e2e-audit-2")
        x.screenshot(tmp_path / "settings.png")
        x.key("Return")  # saves
        (staff, detail), = wait_for(lambda: rows(
            db, "SELECT staff_id, detail FROM audit_log WHERE action = 'settings_changed'"),
            what="the settings_changed row")
        assert json.loads(detail) == {"keys": ["printer_url"]}
        assert rows(db, "SELECT code FROM staff WHERE id = ?", staff) == [("9001",)]
        x.key("ctrl+l")  # sign out: the chain's head is queued for HQ
        wait_for(lambda: rows(db, "SELECT payload FROM outbox_event WHERE type = 'audit.head'"),
                 what="the audit.head event")
        assert process.poll() is None, "the app died"

    verify = [*shopfloor_command(), "--data-dir", str(data_dir), "--lang", "en", "audit", "verify"]
    held = subprocess.run(verify, capture_output=True, text=True, timeout=120, env=x.env())
    assert held.returncode == 0, held.stdout + held.stderr
    assert held.stdout.startswith("The audit chain holds: ")
    (seq,), = rows(db, "SELECT seq FROM audit_log WHERE action = 'settings_changed'")
    with sqlite3.connect(db) as conn:
        conn.execute("""UPDATE audit_log SET detail = '{"keys": []}' WHERE seq = ?""", (seq,))
    broken = subprocess.run(verify, capture_output=True, text=True, timeout=120, env=x.env())
    assert broken.returncode == 1
    assert broken.stdout.startswith(f"Audit row {seq} (settings_changed, ")
