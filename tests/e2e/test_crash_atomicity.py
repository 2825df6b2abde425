"""PRODUCT §3/§12: a SIGKILL during sale commits leaves no sale lost, half-written or doubled.

The real thing (`bench crash`, 1000 runs) is a benchmark; here 50 runs of the same code keep
the suite fast. The checker is itself tested against hand-damaged stores first, so a green
crash test cannot come from a checker that sees nothing.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bench import crash
from bench.verify import check_store
from pos_app.domain.cart import Cart
from pos_app.domain.tenders import Tender, TenderKind
from tests.builders import StoreWorld

STOCK = 100  # tests.builders.add_products default


def _sell(world: StoreWorld, count: int) -> set[str]:
    receipts = set()
    for _ in range(count):
        cart = Cart()
        world.scanner.ring(cart, "6901234567892", 2)
        world.scanner.ring(cart, "6920202888883")
        done = world.checkout.complete_sale(
            cart, [Tender(TenderKind.CASH, 2000)], world.cashier, world.shift
        )
        receipts.add(done.receipt_no)
    world.engine.dispose()
    return receipts


def _tamper(path: Path, sql: str) -> None:
    conn = sqlite3.connect(path)  # foreign_keys off: we are making the damage on purpose
    conn.execute(sql)
    conn.commit()
    conn.close()


def test_checker_passes_a_clean_store(world: StoreWorld) -> None:
    receipts = _sell(world, 3)
    check = check_store(world.path, STOCK, receipts)
    assert check.ok, check.problems
    assert check.sales == 3


@pytest.mark.parametrize(
    ("sql", "field"),
    [
        ("DELETE FROM sale_line WHERE line_no = 2", "half"),
        ("DELETE FROM tender", "half"),
        ("DELETE FROM stock_move WHERE rowid = (SELECT min(rowid) FROM stock_move)", "half"),
        ("UPDATE product SET stock_qty = stock_qty + 1 WHERE sku = 'SKU-TEA'", "half"),
        ("DELETE FROM outbox_event WHERE type = 'sale.completed'", "half"),
        ("INSERT INTO outbox_event (id, seq, type, entity_id, payload, created_at, attempts,"
         " last_error, status) SELECT id || 'x', seq + 100, type, entity_id, payload, created_at,"
         " 0, '', 'pending' FROM outbox_event WHERE type = 'sale.completed' LIMIT 1",
         "duplicated"),
        ("UPDATE sequence SET value = value + 1", "gaps"),
        ("DELETE FROM tender WHERE sale_id = (SELECT id FROM sale WHERE receipt_no LIKE '%2');"
         , "half"),
    ],
)
def test_checker_catches_a_damaged_store(world: StoreWorld, sql: str, field: str) -> None:
    receipts = _sell(world, 3)
    _tamper(world.path, sql)
    check = check_store(world.path, STOCK, receipts)
    assert getattr(check, field) > 0, check
    assert not check.ok


def test_checker_catches_a_lost_sale(world: StoreWorld) -> None:
    receipts = _sell(world, 3)
    check = check_store(world.path, STOCK, receipts | {"S01-T01-000004"})
    assert check.lost == 1


def test_checker_catches_a_removed_last_sale(world: StoreWorld) -> None:
    """A whole sale gone (children included) shows as a sequence gap and as lost."""
    receipts = _sell(world, 3)
    conn = sqlite3.connect(world.path)
    (sale_id,) = conn.execute("SELECT id FROM sale WHERE receipt_no = 'S01-T01-000003'").fetchone()
    for table, column in (("stock_move", "sale_id"), ("sale_line", "sale_id"),
                          ("tender", "sale_id"), ("outbox_event", "entity_id"),
                          ("sale", "id")):
        conn.execute(f"DELETE FROM {table} WHERE {column} = ?", (sale_id,))
    conn.commit()
    conn.close()
    check = check_store(world.path, STOCK, receipts)
    assert check.lost == 1 and check.gaps >= 1


@pytest.mark.slow
def test_sigkill_during_sales_loses_nothing_and_leaves_nothing_half(tmp_path: Path) -> None:
    """50 SIGKILLs of a process selling through CheckoutService; sales pile up across kills."""
    report = crash.run(runs=50, jobs=2, reuse=25, seed=20261124, workdir=tmp_path)
    assert report["runs"] == 50
    assert report["child_errors"] == 0, report["problems"]
    assert report["integrity_failures"] == 0, report["problems"]
    assert report["lost"] == 0, report["problems"]
    assert report["half"] == 0, report["problems"]
    assert report["duplicated"] == 0, report["problems"]
    assert report["gaps"] == 0, report["problems"]
    # The kills must really land while selling, most of them inside a commit.
    assert report["kills_mid_run"] == 50
    assert report["kills_in_commit"] >= 10
    assert report["committed_reported"] > 0
    assert report["in_commit_kept"] + report["in_commit_rolled_back"] == report["kills_in_commit"]
