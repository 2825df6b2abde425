"""Heads queued for HQ: at sign-out, and with a row written REPORT_EVERY_S after the last
report; each carries the anchor (the previous head's seq and its row's hash as stored now),
in the transaction of the row it names."""

from __future__ import annotations

import json
import sqlite3

from local_db.database import open_database
from local_db.uow import read_session, write_session
from pos_app.services import audit
from pos_app.services.audit import reporting
from tests.services.audit.chain_world import keyed_till


def _heads(db) -> list[dict]:
    with sqlite3.connect(db) as conn:
        return [json.loads(p) for (p,) in conn.execute(
            "SELECT payload FROM outbox_event WHERE type = 'audit.head' ORDER BY seq")]


def test_sign_out_and_the_periodic_report_queue_heads_with_their_anchor(tmp_path, monkeypatch):
    db = tmp_path / "terminal.db"
    keyed_till(db, 5)  # its rows include one sign_out (ACTIONS[4])
    (first,) = _heads(db)
    assert first["reason"] == "sign_out" and "anchor_seq" not in first
    engine = open_database(db)
    monkeypatch.setattr(reporting, "REPORT_EVERY_S", 0)  # every row is "15 minutes later"
    with write_session(engine) as session:
        row = audit.append(session, "member_viewed", "staff-1", "member-1")
    with read_session(engine) as session:
        assert audit.head(session) == audit.AuditHead(row.seq, row.hash)
    engine.dispose()
    second = _heads(db)[-1]
    assert (second["reason"], second["seq"], second["hash"]) == ("periodic", row.seq, row.hash)
    with sqlite3.connect(db) as conn:
        (stored,) = conn.execute("SELECT hash FROM audit_log WHERE seq = ?",
                                 (first["seq"],)).fetchone()
    assert (second["anchor_seq"], second["anchor_hash"]) == (first["seq"], stored)
