"""A bench store: real migrations and set-up services, then a bulk-loaded catalogue.

The terminal, staff and shift go through the same services the app uses, so the rows look
like production ones; the 200k products go in with raw `executemany` in one transaction,
because 200k ORM inserts would make set-up, not the thing measured, the slow part.
"""

from __future__ import annotations

import random
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from local_db.database import open_database
from local_db.engine import PRAGMAS
from local_db.ids import new_id, utcnow
from pos_app.domain.barcodes import gtin_check_digit
from pos_app.services.context import ShiftInfo, StaffInfo, TerminalInfo
from pos_app.services.shifts import ShiftService
from pos_app.services.terminal_setup import TerminalSetupService

TAX_RATES_BP = (1300, 1300, 1300, 900, 600)


@dataclass
class BenchStore:
    path: Path
    engine: Engine
    terminal: TerminalInfo
    cashier: StaffInfo
    shift: ShiftInfo
    barcodes: list[str]
    initial_stock: int


def ean13(n: int) -> str:
    """A valid EAN-13 in the 69x (China) prefix range, unique per n < 10**10."""
    body = f"69{n:010d}"
    return body + str(gtin_check_digit(body))


def raw_connect(path: Path | str) -> sqlite3.Connection:
    """sqlite3 with the app's own pragmas and autocommit, so BEGIN is ours to issue."""
    conn = sqlite3.connect(path, timeout=5, isolation_level=None, check_same_thread=False)
    for pragma in PRAGMAS:
        conn.execute(pragma)
    return conn


def bulk_load_products(path: Path, count: int, stock: int, seed: int = 7) -> list[str]:
    """Insert `count` products with one barcode each in ONE transaction; return the codes."""
    rng = random.Random(seed)
    stamp = utcnow().replace(tzinfo=None).isoformat(sep=" ")
    products = []
    barcodes = []
    for i in range(count):
        pid = new_id()
        code = ean13(i + 1)
        products.append((
            pid, f"SKU-{i + 1:07d}", f"商品 {i + 1} 号", f"Item {i + 1}",
            rng.randrange(100, 99_900), None, f"cat-{i % 40}",
            rng.choice(TAX_RATES_BP), 0, 1, stock, stamp,
        ))
        barcodes.append((code, pid))
    insert_products(path, products, barcodes)
    return [code for code, _ in barcodes]


def insert_products(path: Path, products: list[tuple], barcodes: list[tuple]) -> None:
    """Product rows (id, sku, name_zh, name_en, price, member_price, category, tax_rate_bp,
    unit_tracked, active, stock_qty, updated_at) and (code, product_id) barcodes in ONE
    transaction, then ANALYZE and a checkpoint, so the first measured step does not pay
    for the load."""
    conn = raw_connect(path)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(
            "INSERT INTO product (id, sku, name_zh, name_en, price, member_price, category,"
            " tax_rate_bp, unit_tracked, active, stock_qty, updated_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            products,
        )
        conn.executemany("INSERT INTO barcode (code, product_id) VALUES (?,?)", barcodes)
        conn.execute("COMMIT")
        conn.execute("ANALYZE")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def create_store(path: Path, products: int, stock: int = 1_000_000) -> BenchStore:
    """A migrated terminal DB with one store, terminal, cashier, open shift and `products`."""
    engine = open_database(path)
    setup = TerminalSetupService(engine)
    terminal = setup.ensure_terminal("S01", "上海南京路店", "T01", "南京东路 100 号")
    cashier = setup.add_staff("1001", "李娜", "cashier", "1111")
    shift = ShiftService(engine, terminal).open_shift(cashier, 20_000)
    codes = bulk_load_products(path, products, stock)
    return BenchStore(path, engine, terminal, cashier, shift, codes, stock)
