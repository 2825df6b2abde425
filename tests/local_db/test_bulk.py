"""Driver-level writes (local_db.bulk) store what SQLAlchemy would, announce their changes
after commit like any write, and fail with SQLAlchemy's errors."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from local_db.bulk import fetch_value, insert_rows, update_many
from local_db.database import open_database
from local_db.models import Product
from local_db.uow import on_commit, write_session

AT = datetime(2026, 12, 7, 3, 4, 5, 678901, tzinfo=UTC)


def product(sku: str) -> dict:
    return {"id": f"id-{sku}", "sku": sku, "name_zh": "可乐", "name_en": "", "price": 350,
            "member_price": None, "category": "", "tax_rate_bp": 1300, "unit_tracked": False,
            "active": True, "stock_qty": 5, "updated_at": AT}


def test_rows_are_stored_as_sqlalchemy_stores_them_and_announced_after_commit(tmp_path):
    engine = open_database(tmp_path / "t.db")
    heard: list[frozenset[str]] = []
    on_commit(engine, heard.append)
    with write_session(engine) as session:
        session.connection().execute(insert(Product.__table__), product("CORE"))
        insert_rows(session, Product.__table__, [product("DRIVER")])
        update_many(session, "product", "UPDATE product SET stock_qty = stock_qty + ? "
                    "WHERE id = ?", [(-2, "id-DRIVER")])
        assert fetch_value(session, "SELECT count(*) FROM product") == 2
        assert heard == []  # nothing before the commit
    assert heard == [frozenset({"catalog"})]
    conn = sqlite3.connect(tmp_path / "t.db")
    core, driver = conn.execute("SELECT updated_at, active, unit_tracked, member_price FROM "
                                "product ORDER BY sku").fetchall()
    assert core == driver
    assert conn.execute("SELECT stock_qty FROM product WHERE sku='DRIVER'").fetchone() == (3,)


def test_a_driver_error_is_sqlalchemys_and_rolls_the_whole_transaction_back(tmp_path):
    engine = open_database(tmp_path / "t.db")
    with pytest.raises(IntegrityError), write_session(engine) as session:
        insert_rows(session, Product.__table__, [product("A")])
        insert_rows(session, Product.__table__, [product("A")])
    with write_session(engine) as session:
        assert fetch_value(session, "SELECT count(*) FROM product") == 0
