"""A store's old unkeyed chain (rows written before issue 18) keeps verifying after migration
0018 as a legacy prefix; the first keyed row links to the last legacy hash, so rewriting the
old rows afterwards is caught there. Built through the real migrations up to 0017."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command

from local_db.database import alembic_config, open_database
from local_db.uow import read_session, write_session
from pos_app.domain.audit import GENESIS, legacy_at, legacy_digest
from pos_app.services import audit

LEGACY = 6


def _old_store(db: Path) -> list[str]:
    """A 0017 database with a store, its terminal and LEGACY rows chained the old way."""
    command.upgrade(alembic_config(f"sqlite:///{db}"), "0017")
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO store (id, code, name, address) VALUES ('s1', 'S01', '店', '')")
    conn.execute("INSERT INTO terminal (id, store_id, code, name, is_self) "
                 "VALUES ('t1', 's1', 'T01', '', 1)")
    assert "key_id" not in {r[1] for r in conn.execute("PRAGMA table_info(audit_log)")}
    prev, hashes = GENESIS, []
    for seq in range(1, LEGACY + 1):
        at = f"2026-11-0{seq} 09:00:00.{'000000' if seq == 2 else f'{seq:06d}'}"
        row = (f"old-{seq}", at, None if seq == 1 else "staff-1", "sign_in", "staff-1",
               f'{{"n": {seq}}}')
        digest = legacy_digest(prev, row[0], legacy_at(at), row[2], row[3], row[4], row[5])
        conn.execute("INSERT INTO audit_log (seq, id, at, staff_id, action, entity_id, detail,"
                     " prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     (seq, *row, prev, digest))
        prev = digest
        hashes.append(digest)
    conn.commit()
    conn.close()
    return hashes


def test_the_old_chain_verifies_after_migration_and_before_any_key(db_path):
    _old_store(db_path)
    engine = open_database(db_path)  # start-up: migrates to 0018+
    engine.dispose()
    report = audit.verify_file(db_path)
    assert report.ok and (report.count, report.keyed) == (LEGACY, 0) and not report.has_key


def test_new_rows_are_keyed_and_link_to_the_last_legacy_hash(db_path):
    hashes = _old_store(db_path)
    engine = open_database(db_path)
    with write_session(engine) as session:
        first = audit.append(session, "sign_in", "staff-2", "staff-2")
        audit.append(session, "sign_out", "staff-2", "staff-2")
    with read_session(engine) as session:
        assert audit.verify_chain(session)
    engine.dispose()
    assert first.seq == LEGACY + 1 and first.prev_hash == hashes[-1] and first.key_id
    report = audit.verify_file(db_path)
    assert report.ok and (report.count, report.keyed) == (LEGACY + 2, 2) and report.has_key


def test_an_old_row_rewritten_and_the_old_chain_rebuilt_is_caught_at_the_first_keyed_row(
        db_path):
    _old_store(db_path)
    engine = open_database(db_path)
    with write_session(engine) as session:
        audit.append(session, "sign_in", "staff-2", "staff-2")
    engine.dispose()
    with sqlite3.connect(db_path) as conn:  # rewrite row 3 and re-chain the legacy prefix
        conn.execute("UPDATE audit_log SET action = 'nothing_happened' WHERE seq = 3")
        prev = conn.execute("SELECT hash FROM audit_log WHERE seq = 2").fetchone()[0]
        for seq, row_id, at, staff, action, entity, detail in conn.execute(
                "SELECT seq, id, at, staff_id, action, entity_id, detail FROM audit_log"
                " WHERE seq BETWEEN 3 AND ? ORDER BY seq", (LEGACY,)).fetchall():
            digest = legacy_digest(prev, row_id, legacy_at(at), staff, action, entity, detail)
            conn.execute("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?",
                         (prev, digest, seq))
            prev = digest
    report = audit.verify_file(db_path)
    assert report.broken is not None
    assert (report.broken.kind, report.broken.seq) == ("out_of_place", LEGACY + 1)
    assert report.count == LEGACY  # the rebuilt prefix itself is self-consistent


def test_an_old_row_edited_in_place_is_named(db_path):
    _old_store(db_path)
    open_database(db_path).dispose()
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE audit_log SET entity_id = 'other' WHERE seq = 4")
    report = audit.verify_file(db_path)
    assert report.broken is not None
    assert (report.broken.kind, report.broken.seq, report.broken.action) == (
        "changed", 4, "sign_in")


def test_a_file_not_yet_migrated_verifies_read_only(db_path):
    _old_store(db_path)  # still at 0017: no key_id column, and verify migrates nothing
    report = audit.verify_file(db_path)
    assert report.ok and (report.count, report.keyed) == (LEGACY, 0)
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0017",)
