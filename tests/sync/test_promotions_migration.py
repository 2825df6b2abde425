"""Terminal migration 0012: a till's database from before promotions upgrades in place,
keeps its products (no cost, no tags) and their search triggers, gains promotion_campaign,
and goes back down cleanly."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command

from local_db.database import alembic_config, open_database


def _schema(conn: sqlite3.Connection, kind: str) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = ?", (kind,))}


def test_a_0011_database_upgrades_keeping_its_products(tmp_path: Path):
    path = tmp_path / "till.db"
    command.upgrade(alembic_config(f"sqlite:///{path}"), "0011")
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO product (id, sku, name_zh, name_en, price, category, tax_rate_bp,"
                 " unit_tracked, active, stock_qty, updated_at) VALUES ('p1', 'MILK', '奶粉',"
                 " '', 26800, 'milk', 1300, 0, 1, 5, '2026-12-01 00:00:00')")
    conn.commit()
    triggers = _schema(conn, "trigger")
    conn.close()
    open_database(path).dispose()  # what start-up does
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT sku, price, stock_qty, cost, tags FROM product").fetchall() == [
        ("MILK", 26800, 5, None, "[]")]
    assert "promotion_campaign" in _schema(conn, "table")
    assert _schema(conn, "trigger") == triggers  # no batch copy of the product table
    conn.close()
    command.downgrade(alembic_config(f"sqlite:///{path}"), "0011")
    conn = sqlite3.connect(path)
    assert "promotion_campaign" not in _schema(conn, "table")
    assert conn.execute("SELECT sku, price FROM product").fetchall() == [("MILK", 26800)]
    assert _schema(conn, "trigger") == triggers
    conn.close()
