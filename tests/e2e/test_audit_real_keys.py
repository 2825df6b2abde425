"""The audit trail in the real app on a real X server (issue 18-E): real X key events
(xdotool) into the `shopfloor` process. A manager changes a setting (a `settings_changed`
row naming them and the key, never the value) and signs out (the head queued for HQ); the
app closed, `shopfloor audit verify` says the keyed chain holds, and after one row is edited
with plain SQL it fails and names that row."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from pos_app.app import build
from pos_app.services.settings import ScannerSettings, Settings, save_settings
from tests.e2e.xserver import XServer, require_tools, wait_for

pytestmark = pytest.mark.timeout(300)


def _rows(db: Path, sql: str, *params: object) -> list[tuple]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10) as conn:
        return conn.execute(sql, params).fetchall()


def _command() -> list[str]:
    exe = Path(sys.executable).with_name("shopfloor")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "pos_app.cli"]


def _open_settings(x: XServer) -> None:
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


@pytest.fixture
def x(tmp_path: Path):
    require_tools()
    server = XServer()
    yield server
    server.screenshot(tmp_path / "last-screen.png")
    server.stop()


def test_a_settings_change_and_a_sign_out_are_sealed_and_verify_names_an_edited_row(
        x: XServer, tmp_path: Path):
    data_dir = tmp_path / "demo"
    save_settings(data_dir / "settings.json",
                  Settings(language="en", printer_url="virtual:e2e-audit",
                           scanner=ScannerSettings(max_gap_ms=80)))
    build(data_dir, demo=True).engine.dispose()
    db = data_dir / "terminal.db"
    log = (tmp_path / "app.log").open("w")
    process = subprocess.Popen([*_command(), "--demo", "--data-dir", str(data_dir), "--lang",
                                "en"], env=x.env(), stdout=log, stderr=subprocess.STDOUT)
    try:
        window = x.window_titled("^Shopfloor POS$", timeout=90)
        x.xdotool("windowfocus", "--sync", window)
        x.human("9001")
        x.key("Return")
        x.human("9999")
        x.key("Return")
        x.window_titled("^Open shift$")
        x.key("Return")  # the float offered
        wait_for(lambda: _rows(db, "SELECT count(*) FROM shift WHERE closed_at IS NULL")[0][0],
                 what="the shift to open")
        _open_settings(x)
        x.key("Tab", "Tab")  # language, receipt language, then the printer's address
        x.key("ctrl+a")
        x.human("virtual:e2e-audit-2")
        x.screenshot(tmp_path / "settings.png")
        x.key("Return")  # saves
        (staff, detail), = wait_for(lambda: _rows(
            db, "SELECT staff_id, detail FROM audit_log WHERE action = 'settings_changed'"),
            what="the settings_changed row")
        assert json.loads(detail) == {"keys": ["printer_url"]}
        assert _rows(db, "SELECT code FROM staff WHERE id = ?", staff) == [("9001",)]
        x.key("ctrl+l")  # sign out: the chain's head is queued for HQ
        wait_for(lambda: _rows(db, "SELECT payload FROM outbox_event WHERE type = 'audit.head'"),
                 what="the audit.head event")
        assert process.poll() is None, "the app died"
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()

    verify = [*_command(), "--data-dir", str(data_dir), "--lang", "en", "audit", "verify"]
    held = subprocess.run(verify, capture_output=True, text=True, timeout=120, env=x.env())
    assert held.returncode == 0, held.stdout + held.stderr
    assert held.stdout.startswith("The audit chain holds: ")
    (seq,), = _rows(db, "SELECT seq FROM audit_log WHERE action = 'settings_changed'")
    with sqlite3.connect(db) as conn:
        conn.execute("""UPDATE audit_log SET detail = '{"keys": []}' WHERE seq = ?""", (seq,))
    broken = subprocess.run(verify, capture_output=True, text=True, timeout=120, env=x.env())
    assert broken.returncode == 1
    assert broken.stdout.startswith(f"Audit row {seq} (settings_changed, ")
