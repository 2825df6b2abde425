"""Product cost and tags at HQ (issue 16): the import's optional columns, in CSV and XLSX,
validated (cost ≥ 0, whole fen) and carried on the `products` stream row; a file without
the columns leaves what HQ holds."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from hq import catalog
from hq import models as m
from hq.admin import AdminError
from hq.db import open_database
from sync.contract.streams_catalog import ProductData


@pytest.fixture
def engine(tmp_path: Path):  # type: ignore[no-untyped-def]
    engine = open_database(f"sqlite:///{tmp_path / 'hq.db'}")
    yield engine
    engine.dispose()


def row_of(engine, sku: str) -> dict:  # type: ignore[no-untyped-def]
    prod = m.Product.__table__
    with engine.connect() as conn:
        pid = conn.execute(select(prod.c.id).where(prod.c.sku == sku)).scalar_one()
        return catalog.product_data(conn, pid)


def sheet(path: Path, *rows: tuple) -> Path:
    book = Workbook()
    for row in rows:
        book.active.append(list(row))
    book.save(path)
    return path


def test_xlsx_cost_and_tags_reach_the_products_row(engine, tmp_path: Path):
    path = sheet(tmp_path / "p.xlsx", ("sku", "name_zh", "price", "cost", "tags", "tax_rate"),
                 ("MILK-900", "奶粉900g", 268, 150.5, "奶粉|进口", 0.13),
                 ("SOCK", "袜子", "39.90", None, None, None))
    assert catalog.import_products(engine, path) == catalog.ImportResult(2, 0)
    milk = row_of(engine, "MILK-900")
    assert (milk["price"], milk["cost"], milk["tags"], milk["tax_rate_bp"]) == (
        26800, 15050, ["奶粉", "进口"], 1300)
    ProductData.model_validate(milk)  # what the till validates
    sock = row_of(engine, "SOCK")
    assert sock["price"] == 3990 and "cost" not in sock and "tags" not in sock


def test_csv_without_the_columns_keeps_them_and_bad_costs_are_refused(engine, tmp_path: Path):
    path = tmp_path / "p.csv"
    path.write_text("sku,name_zh,price,cost,tags\nA,甲,10,0,x;y\n", encoding="utf-8")
    catalog.import_products(engine, path)
    assert (row_of(engine, "A")["cost"], row_of(engine, "A")["tags"]) == (0, ["x", "y"])
    path.write_text("sku,name_zh,price\nA,甲,11\n", encoding="utf-8")
    catalog.import_products(engine, path)
    assert (row_of(engine, "A")["price"], row_of(engine, "A")["cost"]) == (1100, 0)
    long_tag = "t" * 65
    path.write_text(f"sku,name_zh,price,cost,tags\nA,甲,10,-1,\nB,乙,10,1.001,\nC,丙,1,,"
                    f"{long_tag}\n", encoding="utf-8")
    with pytest.raises(AdminError) as refused:
        catalog.import_products(engine, path)
    assert str(refused.value).splitlines()[1:] == [
        "line 2: bad cost", "line 3: bad cost", "line 4: bad tags"]
    assert row_of(engine, "A")["price"] == 1100  # nothing written


def test_a_workbook_that_is_not_one_is_refused(engine, tmp_path: Path):
    path = tmp_path / "p.xlsx"
    path.write_bytes(b"not a zip")
    with pytest.raises(AdminError, match=r"not a valid \.xlsx"):
        catalog.import_products(engine, path)
