"""A lost audit key is reported, never a quiet fresh start (review of issue 18, item 9):
secrets.json deleted, the till restarted, its next row is preceded by `audit_key_replaced`
naming the lost key, an `audit.head` (reason new_key) is queued for HQ in the same
transaction, and `shopfloor audit verify` names the rows of the lost key unprovable. Real
SQLite file, the real CLI."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from local_db.database import open_database
from local_db.uow import write_session
from pos_app.cli import main as cli_main
from pos_app.services import audit
from pos_app.services.audit import keys
from sync.contract.events import parse_payload
from tests.services.audit.chain_world import keyed_till

ROWS = 6  # plus terminal_created: seq 1 … 7


def test_a_deleted_key_is_written_on_the_chain_sent_to_hq_and_its_rows_unprovable(
        tmp_path: Path, capsys):
    db = tmp_path / "terminal.db"
    keyed_till(db, ROWS)
    with sqlite3.connect(db) as conn:
        (lost,) = conn.execute("SELECT DISTINCT key_id FROM audit_log").fetchone()
    (tmp_path / "secrets.json").unlink()  # the key store deleted, the database kept
    keys.forget_cache()  # a restart: nothing remembered in memory

    engine = open_database(db)
    with write_session(engine) as session:
        row = audit.append(session, "sign_in", "staff-1", "staff-1")
    engine.dispose()

    with sqlite3.connect(db) as conn:
        replaced = conn.execute(
            "SELECT seq, action, entity_id, detail, key_id, hash FROM audit_log WHERE seq = ?",
            (ROWS + 2,)).fetchone()
        heads = conn.execute("SELECT payload FROM outbox_event WHERE type = 'audit.head'"
                             ).fetchall()
    seq, action, entity, detail, new_key, digest = replaced
    assert (action, entity) == ("audit_key_replaced", lost)
    assert json.loads(detail) == {"previous_key_id": lost, "new_key_id": new_key}
    assert new_key and new_key != lost and row.seq == seq + 1 and row.key_id == new_key
    (head,) = [h for h in (json.loads(p) for (p,) in heads) if h["seq"] > ROWS + 1]
    assert (head["seq"], head["hash"], head["reason"]) == (seq, digest, "new_key")
    parse_payload("audit.head", head)  # HQ's own check of the event

    code = cli_main(["--data-dir", str(tmp_path), "--lang", "en", "audit", "verify", "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    assert (report["broken"]["kind"], report["broken"]["seq"]) == ("unprovable", 1)
    assert lost in json.dumps(report)

    engine = open_database(db)  # a later row: no second replacement, no second head
    with write_session(engine) as session:
        audit.append(session, "sign_out", "staff-1", "staff-1")
    engine.dispose()
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM audit_log WHERE action = 'audit_key_replaced'"
                            ).fetchone() == (1,)
