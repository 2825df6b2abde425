"""Product search finds what a cashier types — Chinese, pinyin full or initials, English,
SKU, barcode — and every path that writes products keeps the index in step."""

from __future__ import annotations

import sqlite3

import pytest
from alembic import command
from sqlalchemy import event
from sqlmodel import Session

from local_db.database import alembic_config, open_database
from local_db.engine import make_engine, writer
from pos_app.services.catalog import CatalogService
from pos_app.services.catalog_import import import_products
from pos_app.services.demo_catalog import COLA_330_BARCODE
from pos_app.services.demo_seed import seed_demo
from sync.contract.envelope import Change
from sync.puller import apply_page


def skus(catalog: CatalogService, query: str) -> list[str]:
    return [hit.snapshot.sku for hit in catalog.search(query)]


def stale(path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM product_search WHERE terms IS NULL").fetchone()[0]
    finally:
        conn.close()


@pytest.mark.parametrize("typed", [
    "可口可乐", "可乐", "口可乐", "kekou", "kekoukele", "kkkl", "kkl", "kele", "KeKou", "ke kou",
    "ｋｅｋｏｕ", "cola", "Coca-Cola", "330", "kkl 330", "SKU-COLA", "sku-co", "6901234567892",
])
def test_the_cola_is_found_however_it_is_typed(world, typed):
    assert skus(world.catalog, typed) == ["SKU-COLA"]


def test_other_names_by_their_initials_and_english_words(world):
    assert skus(world.catalog, "dfsy") == ["SKU-TEA"]  # 东方树叶
    assert skus(world.catalog, "fbstd") == ["SKU-BAG"]  # 帆布手提袋
    assert skus(world.catalog, "canvas tote") == ["SKU-BAG"]
    assert sorted(skus(world.catalog, "ml")) == ["SKU-COLA", "SKU-TEA"]  # 330ml, 500ml
    assert skus(world.catalog, "xyz") == []
    assert skus(world.catalog, "   ") == []


def test_a_hit_carries_its_barcode_and_details(world):
    [hit] = world.catalog.search("kkl")
    assert (hit.snapshot.barcode, hit.snapshot.unit_price, hit.name_en, hit.stock_qty) == (
        "6901234567892", 350, "Coca-Cola 330ml", 100)


def test_exact_sku_comes_first_and_a_fragment_inside_a_word_still_matches(world):
    assert skus(world.catalog, "ola")[0] == "SKU-COLA"  # not a token: the "contains" search
    conn = sqlite3.connect(world.path)
    with conn:
        conn.execute("INSERT INTO product (id, sku, name_zh, name_en, price, category,"
                     " tax_rate_bp, unit_tracked, active, stock_qty, updated_at) VALUES"
                     " ('p-tea2', 'SKU-TEA-2', '东方树叶 茶', '', 550, '', 1300, 0, 1, 0,"
                     " '2026-01-01 00:00:00')")
    conn.close()
    assert skus(world.catalog, "SKU-TEA") == ["SKU-TEA", "SKU-TEA-2"]


def test_inactive_products_are_not_offered(world):
    conn = sqlite3.connect(world.path)
    with conn:
        conn.execute("UPDATE product SET active = 0 WHERE sku = 'SKU-COLA'")
    conn.close()
    assert skus(world.catalog, "kkl") == []


def test_one_query_however_many_hits(world):
    """The old search looked up each hit's barcode with a query of its own (N+1)."""
    conn = sqlite3.connect(world.path)
    with conn:
        for n in range(40):
            conn.execute("INSERT INTO product (id, sku, name_zh, name_en, price, category,"
                         " tax_rate_bp, unit_tracked, active, stock_qty, updated_at) VALUES"
                         " (?, ?, ?, '', 100, '', 1300, 0, 1, 0, '2026-01-01 00:00:00')",
                         (f"p{n}", f"SKU-X{n}", f"可乐味 {n} 号"))
            conn.execute("INSERT INTO barcode (code, product_id) VALUES (?, ?)",
                         (f"20000000{n:05d}", f"p{n}"))
    conn.close()
    world.catalog.search("kele")  # index what raw SQL added
    statements: list[str] = []

    def count(_conn, _cursor, sql, *_args) -> None:
        if not sql.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK", "PRAGMA")):
            statements.append(sql)

    event.listen(world.engine, "before_cursor_execute", count)
    try:
        hits = world.catalog.search("kele")
    finally:
        event.remove(world.engine, "before_cursor_execute", count)
    assert len(hits) == 30 and all(h.snapshot.barcode for h in hits)
    assert len(statements) == 2, statements  # the stale probe and the search itself


def test_products_written_through_the_orm_or_raw_sql_are_found_at_once(world):
    """tests/builders adds products with session.add (no refresh): the triggers marked
    them and the first search indexed them."""
    assert stale(world.path) == 3
    assert skus(world.catalog, "kkl") == ["SKU-COLA"]
    assert stale(world.path) == 0
    conn = sqlite3.connect(world.path)
    with conn:  # a rename by a tool outside the app
        conn.execute("UPDATE product SET name_zh = '百事可乐 330ml' WHERE sku = 'SKU-COLA'")
    conn.close()
    assert skus(world.catalog, "kkl") == []
    assert skus(world.catalog, "bskl") == ["SKU-COLA"]


def test_the_demo_catalog_is_searchable_by_pinyin_from_the_first_search(db_path):
    """The seed runs at start-up, which must not load pypinyin (~1 s): its products are
    marked by the triggers and indexed by the first search."""
    engine = open_database(db_path)
    seed_demo(engine, "S01", "演示店", "T01")
    catalog = CatalogService(engine)
    hits = catalog.search("kkl 330")  # 可口可乐 330ml, 330ml×24罐, 零度可口可乐 330ml
    assert len(hits) == 3 and hits[0].snapshot.barcode == COLA_330_BARCODE  # shortest first
    assert stale(db_path) == 0
    engine.dispose()


def test_an_import_indexes_new_and_renamed_products(world, tmp_path):
    sheet = tmp_path / "products.csv"
    sheet.write_text("sku,name_zh,name_en,barcode,price\n"
                     "SKU-PEPSI,百事可乐 330ml,Pepsi 330ml,6901234567809,3.00\n"
                     "SKU-TEA,茉莉花茶 500ml,Jasmine Tea,,5.50\n", encoding="utf-8")
    world.catalog.search("x")  # the builder's rows indexed
    report = import_products(world.engine, sheet)
    assert report.ok and stale(world.path) == 0
    assert skus(world.catalog, "bskl") == ["SKU-PEPSI"]
    assert skus(world.catalog, "mlhc") == ["SKU-TEA"]
    assert skus(world.catalog, "dfsy") == []  # the old name is gone from the index


def test_the_products_stream_keeps_the_index_in_step(world):
    def page(*changes: Change) -> None:
        with Session(writer(world.engine)) as session, session.begin():
            apply_page(session, "products", list(changes))

    def upsert(pid: str, sku: str, zh: str) -> Change:
        return Change(key=pid, op="upsert", data={"id": pid, "sku": sku, "name_zh": zh,
                                                  "price": 990, "barcodes": []})

    world.catalog.search("x")
    page(upsert("hq-1", "HQ-1", "农夫山泉 550ml"), upsert("hq-2", "HQ-2", "康师傅红烧牛肉面"))
    assert stale(world.path) == 0
    assert skus(world.catalog, "nfsq") == ["HQ-1"]
    assert skus(world.catalog, "hongshao") == ["HQ-2"]  # from inside the name
    page(upsert("hq-1", "HQ-1", "怡宝 555ml"))  # renamed at HQ
    assert skus(world.catalog, "nfsq") == [] and skus(world.catalog, "yb") == ["HQ-1"]
    page(Change(key="hq-2", op="delete"))  # tombstone
    assert skus(world.catalog, "ksf") == []


def test_an_existing_store_is_indexed_by_the_migration(db_path):
    engine = make_engine(db_path)
    with engine.connect() as conn:
        cfg = alembic_config(str(engine.url))
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0008")
        conn.commit()
    engine.dispose()
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("INSERT INTO product (id, sku, name_zh, name_en, price, category,"
                     " tax_rate_bp, unit_tracked, active, stock_qty, updated_at) VALUES"
                     " ('p1', 'OLD-1', '可口可乐 330ml', '', 350, '', 1300, 0, 1, 0,"
                     " '2026-01-01 00:00:00')")
    conn.close()
    engine = open_database(db_path)  # 0009: the index is built for the rows already there
    assert stale(db_path) == 0
    assert skus(CatalogService(engine), "kkl") == ["OLD-1"]
    engine.dispose()
