"""Audit rows for the sensitive actions issue 18-E adds (docs/audit.md lists them all):
settings changed (which keys, never their values), a backup made, a backup put back. Each
lands in the keyed chain, which still verifies."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from pathlib import Path

from local_db.database import open_database
from pos_app.services import audit
from pos_app.services.backups import BackupService, restore
from pos_app.services.settings import SettingsService
from tests.services.audit.chain_world import keyed_till
from tests.staff import MANAGER


def _rows(db: Path, action: str) -> list[tuple[str | None, dict]]:
    with sqlite3.connect(db) as conn:
        return [(staff, json.loads(detail)) for staff, detail in conn.execute(
            "SELECT staff_id, detail FROM audit_log WHERE action = ? ORDER BY seq", (action,))]


def test_a_settings_change_names_who_and_which_keys_never_the_values(tmp_path):
    db = tmp_path / "terminal.db"
    keyed_till(db, 2)
    engine = open_database(db)
    service = SettingsService(tmp_path / "settings.json")
    service.set_audit(engine, lambda: "manager-9")
    secret_url = "tcp://printer.local:9100/?token=s3cr3t"
    service.update(MANAGER, printer_url=secret_url, language="en")
    service.update(MANAGER, scanner=replace(service.settings.scanner, serial_port="/dev/ttyACM0"))
    service.update(MANAGER, language="en")  # nothing changed: no row
    engine.dispose()

    rows = _rows(db, "settings_changed")
    assert rows == [("manager-9", {"keys": ["language", "printer_url"]}),
                    ("manager-9", {"keys": ["scanner.serial_port"]})]
    with sqlite3.connect(db) as conn:
        everything = " ".join(d for (d,) in conn.execute("SELECT detail FROM audit_log"))
    assert "s3cr3t" not in everything and "ttyACM0" not in everything
    assert audit.verify_file(db).ok


def test_a_backup_made_and_put_back_are_audited_and_the_chain_holds(tmp_path):
    db = tmp_path / "terminal.db"
    keyed_till(db, 3)
    made = BackupService(tmp_path).backup_now()
    (row,) = _rows(db, "backup_made")
    assert row == (None, {"file": made.path.name, "size": made.size})
    assert audit.verify_file(db).ok

    report = restore(tmp_path, made.path, offline=True, discard_unsent=True)
    assert report.source == "local"
    restored = _rows(db, "backup_restored")
    assert restored == [(None, {"file": made.path.name, "source": "local", "requeued": 0})]
    assert _rows(db, "backup_made") == []  # the copy was taken before its own row
    checked = audit.verify_file(db)
    assert checked.ok and checked.keyed == checked.count
