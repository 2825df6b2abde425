"""A till's store file with a keyed audit chain, and the ways someone with the file alone
might rewrite it (the tests' attacker: plain SQL, no terminal key)."""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
from pathlib import Path

from local_db.database import open_database
from local_db.uow import write_session
from pos_app.domain.audit import GENESIS, KeyedMac, canonical, key_id, legacy_at, legacy_digest
from pos_app.services import audit
from pos_app.services.terminal_setup import TerminalSetupService

ACTIONS = ("sign_in", "sale_voided", "approval", "settings_changed", "sign_out")


def keyed_till(db: Path, rows: int = 12) -> None:
    """Set up a terminal (its key is made with its first row) and write `rows` more rows."""
    engine = open_database(db)
    try:
        TerminalSetupService(engine).ensure_terminal("S01", "店", "T01")
        for i in range(rows):
            with write_session(engine) as session:
                audit.append(session, ACTIONS[i % len(ACTIONS)], f"staff-{i % 3}",
                             f"entity-{i}", n=i)
    finally:
        engine.dispose()


def _rows(conn: sqlite3.Connection) -> list[tuple]:
    return conn.execute("SELECT seq, id, at, staff_id, action, entity_id, detail FROM audit_log"
                        " ORDER BY seq").fetchall()


def reseal(conn: sqlite3.Connection, key: bytes | None, claimed_key_id: str | None = None) -> None:
    """Recompute every row's prev_hash and hash: plain SHA-256 (`key` None) or HMAC with
    `key`, claiming `claimed_key_id` (default: that key's own id) — what an attacker holding
    only the file can do."""
    prev = GENESIS
    for seq, row_id, at, staff, action, entity, detail in _rows(conn):
        if key is None:
            digest, kid = legacy_digest(prev, row_id, legacy_at(at), staff, action, entity,
                                        detail), ""
        else:
            digest = KeyedMac(key).hexdigest(
                canonical(prev, seq, row_id, at, staff, action, entity, detail))
            kid = claimed_key_id if claimed_key_id is not None else key_id(key)
        conn.execute("UPDATE audit_log SET prev_hash = ?, hash = ?, key_id = ? WHERE seq = ?",
                     (prev, digest, kid, seq))
        prev = digest


def other_key() -> bytes:
    return secrets.token_bytes(32)


def fake_hash() -> str:
    return hashlib.sha256(secrets.token_bytes(8)).hexdigest()
