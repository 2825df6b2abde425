"""`create-staff` took the PIN on argv (every local user's `ps`, shell history) and
`receive-units` read the manager PIN from an environment variable (issue 13).

Hardened: create-staff has no PIN argument (asked twice, hidden, or one line on stdin);
receive-units asks for it (or reads stdin) and ignores SHOPFLOOR_PIN."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

from tests.security.conftest import changed, digest
from tests.sync.hq_process import ROOT


def _hq(*argv: str, **kw):  # type: ignore[no-untyped-def]
    return subprocess.run([sys.executable, "-m", "hq.cli", *argv], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, **kw)


def test_create_staff_refuses_a_pin_on_the_command_line(tmp_path):
    url = ["--database-url", f"sqlite:///{tmp_path / 'hq.db'}"]
    assert _hq("admin", "create-store", "S01", "店", *url).returncode == 0
    from hq.db import open_database

    engine = open_database(f"sqlite:///{tmp_path / 'hq.db'}")
    before = digest(engine)
    refused = _hq("admin", "create-staff", "S01", "9001", "店长", "manager", "1234", *url)
    assert refused.returncode == 2 and "unrecognized arguments: 1234" in refused.stderr
    assert changed(before, digest(engine)) == []
    piped = _hq("admin", "create-staff", "S01", "9001", "店长", "manager", "--pin-stdin", *url,
                input="1234\n")
    assert piped.returncode == 0, piped.stderr
    assert changed(before, digest(engine)) == ["change_log", "staff"]
    engine.dispose()


def test_receive_units_ignores_a_pin_in_the_environment(tmp_path):
    from local_db.database import open_database
    from pos_app.services.demo_seed import seed_demo

    engine = open_database(tmp_path / "store" / "terminal.db")
    seed_demo(engine)
    engine.dispose()
    delivery = tmp_path / "delivery.csv"
    delivery.write_text("code\n(01)06966014000105(21)ENV001\n", "utf-8")
    with sqlite3.connect(tmp_path / "store" / "terminal.db") as conn:
        units_before = conn.execute("SELECT count(*) FROM unit").fetchone()
    result = subprocess.run(
        [sys.executable, "-m", "pos_app.cli", "--lang", "en", "receive-units", str(delivery),
         "--manager", "9001"], capture_output=True, text=True, timeout=120, input="",
        env=dict(os.environ, SHOPFLOOR_DATA_DIR=str(tmp_path), SHOPFLOOR_PIN="9999"))
    assert result.returncode != 0
    assert "Wrong staff code or PIN" in result.stderr and "Traceback" not in result.stderr
    with sqlite3.connect(tmp_path / "store" / "terminal.db") as conn:
        assert conn.execute("SELECT count(*) FROM unit").fetchone() == units_before
