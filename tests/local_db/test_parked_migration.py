"""Migration 0008: a till's database from before parked carts upgrades in place, keeps its
data, and gains the parked_cart table (and goes back down cleanly)."""

from __future__ import annotations

import sqlite3

from alembic import command

from local_db.database import alembic_config, open_database
from pos_app.services.terminal_setup import TerminalSetupService


def _head() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def _at_0007(path) -> None:
    cfg = alembic_config(f"sqlite:///{path}")
    command.upgrade(cfg, "0007")


def test_a_0007_database_upgrades_to_parked_carts_and_keeps_its_rows(db_path):
    _at_0007(db_path)
    conn = sqlite3.connect(db_path)
    conn.execute("INSERT INTO store (id, code, name, address) VALUES ('s1', 'S01', '店', '')")
    conn.execute("INSERT INTO terminal (id, store_id, code, name, is_self) "
                 "VALUES ('t1', 's1', 'T01', '', 1)")
    conn.commit()
    assert "parked_cart" not in {r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table'")}
    conn.close()

    engine = open_database(db_path)  # what start-up does
    terminal = TerminalSetupService(engine).current()
    engine.dispose()

    assert terminal is not None and terminal.terminal_code == "T01"
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [(_head(),)]
    columns = {r[1] for r in conn.execute("PRAGMA table_info(parked_cart)")}
    indexes = {r[1] for r in conn.execute("PRAGMA index_list(parked_cart)")}
    conn.close()
    assert {"id", "terminal_id", "kind", "saved_at", "staff_id", "line_count", "item_count",
            "total", "member_id", "payload"} <= columns
    assert "ix_parked_cart_terminal_kind" in indexes


def test_0008_goes_back_down_to_0007(db_path):
    open_database(db_path).dispose()
    command.downgrade(alembic_config(f"sqlite:///{db_path}"), "0007")
    conn = sqlite3.connect(db_path)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    conn.close()
    assert "parked_cart" not in tables and "hq_setting" in tables
