"""The demo store: staff who can sign in, a few hundred valid products, seeded once."""

from __future__ import annotations

import sqlite3
import time

import pytest

from local_db.database import open_database
from pos_app.domain.barcodes import gtin_is_valid
from pos_app.services.auth import AuthService
from pos_app.services.catalog import CatalogService
from pos_app.services.demo_catalog import demo_products
from pos_app.services.demo_seed import DEMO_STAFF, seed_demo

TABLES = ("store", "terminal", "staff", "product", "barcode", "stock_move", "audit_log")


def _snapshot(path) -> dict[str, object]:
    conn = sqlite3.connect(path)
    try:
        out: dict[str, object] = {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
                                  for t in TABLES}
        return out
    finally:
        conn.close()


@pytest.fixture
def engine(db_path):
    eng = open_database(db_path)
    yield eng
    eng.dispose()


def test_seed_creates_store_staff_and_a_big_valid_catalog_quickly(engine, db_path):
    started = time.perf_counter()
    info = seed_demo(engine)
    assert time.perf_counter() - started < 2.0

    assert info.terminal.store_code == "S01"
    assert info.terminal.store_name == "示例旗舰店"
    assert info.terminal.terminal_code == "T01"
    assert [(s.code, s.name, s.role, s.pin) for s in info.staff] == [
        ("1001", "李娜", "cashier", "1111"),
        ("2001", "王芳", "guide", "2222"),
        ("9001", "张伟", "manager", "9999"),
    ]
    conn = sqlite3.connect(db_path)
    try:
        products = conn.execute(
            "SELECT id, sku, name_zh, name_en, price, tax_rate_bp, unit_tracked, stock_qty,"
            " category FROM product"
        ).fetchall()
        codes = conn.execute("SELECT code, product_id FROM barcode").fetchall()
        moves = dict(
            conn.execute(
                "SELECT product_id, sum(quantity) FROM stock_move WHERE reason = 'receive'"
                " GROUP BY product_id"
            ).fetchall()
        )
        n_moves = conn.execute("SELECT count(*) FROM stock_move").fetchone()[0]
    finally:
        conn.close()

    assert len(products) >= 200
    assert info.product_count == len(products)
    assert len({p[1] for p in products}) == len(products)
    assert all(p[2] and p[3] for p in products)  # Chinese and English names
    assert all(isinstance(p[4], int) and p[4] > 0 for p in products)
    assert {p[5] for p in products} == {1300, 900}
    tracked = {p[2] for p in products if p[6]}
    assert any("蓝牙耳机" in n for n in tracked) and any("智能手表" in n for n in tracked)
    assert len({p[8] for p in products}) >= 6
    assert {"饮料", "零食", "服饰", "美妆", "家居", "数码配件"} <= {p[8] for p in products}

    # Every product has exactly one valid, unique EAN-13 from a Chinese GS1 prefix.
    assert len(codes) == len(products)
    assert len({c for c, _ in codes}) == len(codes)
    assert len({pid for _, pid in codes}) == len(products)
    for code, _ in codes:
        assert len(code) == 13 and gtin_is_valid(code), code
        assert 690 <= int(code[:3]) <= 699, code

    # Opening stock: one receive move per product, in step with stock_qty.
    assert n_moves == len(products)
    assert all(p[7] > 0 and moves[p[0]] == p[7] for p in products)


def test_known_demo_barcodes_scan_to_the_documented_products(engine):
    info = seed_demo(engine)
    assert info.sample_barcodes[0] == "6901234567892"
    catalog = CatalogService(engine)
    cola = catalog.find_by_barcode("6901234567892")
    assert (cola.name, cola.unit_price, cola.tax_rate_bp) == ("可口可乐 330ml", 350, 1300)
    for sample in info.samples:
        assert sample.barcode in info.sample_barcodes
        hit = catalog.find_by_barcode(sample.barcode)
        assert (hit.name, hit.unit_price, hit.unit_tracked) == (
            sample.name_zh, sample.price, sample.unit_tracked
        )
    assert any(s.unit_tracked for s in info.samples)


def test_the_three_demo_staff_sign_in_with_their_pins(engine):
    info = seed_demo(engine)
    auth = AuthService(engine)
    for code, name, role, pin in info.staff:
        staff = auth.sign_in(code, pin)
        assert (staff.code, staff.name, staff.role) == (code, name, role)
    assert [s.code for s in auth.staff_list()] == ["1001", "2001", "9001"]


def test_seeding_twice_changes_nothing_and_returns_the_same_info(engine, db_path):
    first = seed_demo(engine)
    before = _snapshot(db_path)
    second = seed_demo(engine)
    assert second == first
    assert _snapshot(db_path) == before


def test_seed_fills_in_what_is_missing_without_touching_the_rest(engine, db_path):
    from pos_app.services.terminal_setup import TerminalSetupService

    setup = TerminalSetupService(engine)
    setup.ensure_terminal("S09", "Existing", "T05")
    setup.add_staff("1001", "Existing cashier", "cashier", "4321")
    info = seed_demo(engine)
    assert info.terminal.store_code == "S09"  # the terminal that exists wins
    conn = sqlite3.connect(db_path)
    try:
        staff = conn.execute("SELECT code, name FROM staff ORDER BY code").fetchall()
    finally:
        conn.close()
    assert staff == [("1001", "Existing cashier"), ("2001", "王芳"), ("9001", "张伟")]
    AuthService(engine).sign_in("1001", "4321")


def test_demo_catalog_is_deterministic():
    assert demo_products() == demo_products()
    assert {s.code for s in DEMO_STAFF} == {"1001", "2001", "9001"}


def test_the_demo_has_tracked_units_in_stock_that_sell_once(db_path):
    from local_db.database import open_database
    from pos_app.domain.tenders import Tender, TenderKind
    from pos_app.errors import PosError
    from pos_app.services.demo_seed import seed_demo
    from pos_app.services.till import Till, TillServices

    engine = open_database(db_path)
    info = seed_demo(engine)
    assert info.sample_units
    till = Till(TillServices.build(engine, info.terminal, None))
    till.sign_in("2001", "2222")
    till.open_shift(0)
    line = till.sale.ring(info.sample_units[0])
    assert line.unit_code and line.guide_id == till.staff.id
    till.sale.complete([Tender(TenderKind.CASH, line.product.unit_price)])
    try:
        till.sale.ring(info.sample_units[0])
    except PosError as exc:
        assert exc.code == "unit_already_sold"
        assert "王芳" in exc.message()
    else:
        raise AssertionError("a sold unit was sold again")
