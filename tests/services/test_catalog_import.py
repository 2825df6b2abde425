"""Product import from CSV/XLSX: all rows checked first, then everything or nothing."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from local_db.database import open_database
from pos_app.errors import PosError
from pos_app.services.catalog import CatalogService
from pos_app.services.catalog_import import import_products, run_import_cli
from tests.db_reads import rows as _query

TABLES = ("product", "barcode", "stock_move", "audit_log", "outbox_event")

HEADER_EN = "sku,name_zh,name_en,barcode,price,member_price,category,tax_rate,unit_tracked,stock"


def _snapshot(path) -> dict[str, list]:
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in TABLES}
    finally:
        conn.close()


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture
def engine(db_path):
    eng = open_database(db_path)
    yield eng
    eng.dispose()


def test_good_utf8_csv_creates_products_barcodes_stock_and_one_audit_row(engine, db_path, tmp_path):
    f = _write(
        tmp_path / "p.csv",
        HEADER_EN + "\n"
        "A-1,可口可乐 330ml,Coca-Cola 330ml,6901234567892|6920202888883,3.50,3.2,饮料,13,0,24\n"
        "A-2,蓝牙耳机,Earbuds,6937654321097,299,,数码配件,9%,是,\n"
        "A-3,帆布袋,,,12,,,,,\n",
    )
    report = import_products(engine, f)
    assert (report.ok, report.created, report.updated, report.errors) == (True, 3, 0, [])
    rows = _query(
        db_path,
        "SELECT sku, name_zh, name_en, price, member_price, category, tax_rate_bp, unit_tracked,"
        " stock_qty FROM product ORDER BY sku",
    )
    assert rows == [
        ("A-1", "可口可乐 330ml", "Coca-Cola 330ml", 350, 320, "饮料", 1300, 0, 24),
        ("A-2", "蓝牙耳机", "Earbuds", 29900, None, "数码配件", 900, 1, 0),
        ("A-3", "帆布袋", "", 1200, None, "", 1300, 0, 0),
    ]
    codes = _query(
        db_path,
        "SELECT b.code, p.sku FROM barcode b JOIN product p ON p.id = b.product_id ORDER BY 1",
    )
    assert codes == [
        ("6901234567892", "A-1"), ("6920202888883", "A-1"), ("6937654321097", "A-2")
    ]
    assert _query(db_path, "SELECT quantity, reason FROM stock_move") == [(24, "receive")]
    audit = _query(db_path, "SELECT detail FROM audit_log WHERE action = 'products_imported'")
    assert len(audit) == 1
    assert json.loads(audit[0][0]) == {"created": 3, "updated": 0, "rows": 3, "file": "p.csv"}
    assert CatalogService(engine).find_by_barcode("6920202888883").sku == "A-1"


def test_bom_csv_with_chinese_headers(engine, db_path, tmp_path):
    f = _write(
        tmp_path / "bom.csv",
        "货号,品名,英文名,条码,售价,会员价,分类,税率,一物一码,库存\r\n"
        "B-1,东方树叶 500ml,Oriental Leaf,6920202888883;6901234567892,5.5,5,饮料,13%,否,10\r\n",
        encoding="utf-8-sig",
    )
    report = import_products(engine, f)
    assert report.ok and report.created == 1
    assert _query(db_path, "SELECT sku, name_zh, price, member_price, stock_qty FROM product") == [
        ("B-1", "东方树叶 500ml", 550, 500, 10)
    ]
    assert len(_query(db_path, "SELECT code FROM barcode")) == 2


def test_gb18030_csv_with_chinese_names(engine, db_path, tmp_path):
    f = tmp_path / "gbk.csv"
    f.write_text(
        "货号,名称,条码,售价,分类\n"
        "G-1,农夫山泉 饮用天然水 550ml,6901234567892,2.00,饮料\n"
        "G-2,旺仔小馒头（210克）,,12.9,零食\n",
        encoding="gb18030",
    )
    with pytest.raises(UnicodeDecodeError):
        f.read_bytes().decode("utf-8")  # really not UTF-8
    report = import_products(engine, f)
    assert report.ok and report.created == 2
    assert _query(db_path, "SELECT name_zh, price, category FROM product ORDER BY sku") == [
        ("农夫山泉 饮用天然水 550ml", 200, "饮料"),
        ("旺仔小馒头（210克）", 1290, "零食"),
    ]


def test_xlsx_with_numeric_cells_and_a_percent_tax_cell(engine, db_path, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["货号", "品名", "英文名", "条码", "售价", "税率", "一物一码", "库存"])
    sheet.append(["X-1", "智能手表", "Smartwatch", 6901234567892, 1299.9, 0.13, 1, 5])
    sheet.append(["X-2", "五常大米 5kg", "Rice 5kg", "6920202888883", 89.9, 9, "no", 30.0])
    sheet["F2"].number_format = "0%"
    f = tmp_path / "p.xlsx"
    book.save(f)
    report = import_products(engine, f)
    assert report.ok and report.created == 2, report.errors
    assert _query(
        db_path,
        "SELECT sku, price, tax_rate_bp, unit_tracked, stock_qty FROM product ORDER BY sku",
    ) == [("X-1", 129990, 1300, 1, 5), ("X-2", 8990, 900, 0, 30)]
    assert {c for (c,) in _query(db_path, "SELECT code FROM barcode")} == {
        "6901234567892", "6920202888883"
    }


def test_bad_rows_are_all_reported_by_row_and_nothing_is_written(engine, db_path, tmp_path):
    f = _write(
        tmp_path / "bad.csv",
        HEADER_EN + "\n"
        "OK-1,好的商品,,6901234567892,1.00,,,,,\n"  # row 2 fine
        ",没有货号,,,1.00,,,,,\n"  # row 3
        "C-4,,,,1.00,,,,,\n"  # row 4
        "C-5,价格错,,,12.345,,,,,\n"  # row 5
        "C-6,校验位错,,6901234567893,1,,,,,\n"  # row 6
        "C-7,重复条码,,6901234567892,1,,,,,\n"  # row 7
        "\n"  # row 8: blank, skipped but counted
        "C-9,税率错,,,1,,,abc,maybe,-3\n"  # row 9
        "C-10,会员价高,,,1,2,,,,\n"  # row 10
        "OK-1,重复货号,,,1,,,,,\n"  # row 11
        "C-12,没有价格,,,,,,,,\n",  # row 12
    )
    before = _snapshot(db_path)
    report = import_products(engine, f)
    assert not report.ok
    assert (report.created, report.updated) == (0, 0)
    got = [(e.row, e.field) for e in report.errors]
    assert got == [
        (3, "sku"),
        (4, "name_zh"),
        (5, "price"),
        (6, "barcode"),
        (7, "barcode"),
        (9, "tax_rate"),
        (9, "unit_tracked"),
        (9, "stock"),
        (10, "member_price"),
        (11, "sku"),
        (12, "price"),
    ]
    messages = {(e.row, e.field): e.message for e in report.errors}
    assert messages[(3, "sku")] == "SKU is missing"
    assert messages[(5, "price")] == "“12.345” is not a price (write yuan, e.g. 12.50)"
    assert messages[(6, "barcode")] == "The check digit of barcode 6901234567893 is wrong"
    assert messages[(7, "barcode")] == "Barcode 6901234567892 is already on row 2"
    assert messages[(9, "tax_rate")] == "“abc” is not a tax rate (write e.g. 13 or 13%)"
    assert messages[(11, "sku")] == "SKU OK-1 is already on row 2"
    assert report.error_rows == 9
    assert _snapshot(db_path) == before


def test_update_by_sku_changes_fields_adds_barcodes_and_adjusts_stock(world, tmp_path):
    f = _write(
        tmp_path / "upd.csv",
        "SKU,Name_ZH,Barcode,Price,Stock,Category\n"
        "SKU-COLA,可口可乐 330ml 罐装,6901234567892|6954767423579,3.80,120,饮料\n"
        "SKU-NEW,新品,,9.9,,\n",
    )
    report = import_products(world.engine, f)
    assert (report.ok, report.created, report.updated) == (True, 1, 1), report.errors
    row = _query(
        world.path,
        "SELECT name_zh, name_en, price, stock_qty, category, id FROM product WHERE sku = ?",
        "SKU-COLA",
    )[0]
    # Columns that are absent (name_en) keep their value.
    assert row[:5] == ("可口可乐 330ml 罐装", "Coca-Cola 330ml", 380, 120, "饮料")
    codes = {c for (c,) in _query(world.path, "SELECT code FROM barcode WHERE product_id = ?",
                                  row[5])}
    assert codes == {"6901234567892", "6954767423579"}
    assert _query(
        world.path, "SELECT quantity, reason FROM stock_move WHERE product_id = ?", row[5]
    ) == [(20, "adjust")]  # 100 -> 120
    assert world.catalog.find_by_barcode("6954767423579").unit_price == 380


def test_barcode_owned_by_another_sku_is_an_error_and_nothing_is_written(world, tmp_path):
    f = _write(
        tmp_path / "conflict.csv",
        "sku,name_zh,barcode,price\n"
        "SKU-OTHER,别的商品,6954767423579,1\n"
        "SKU-X,抢条码,6901234567892,1\n"
        "SKU-TEA,东方树叶,6937654321097,5.5\n"
        "SKU-Z,价格错,,x\n",
    )
    before = _snapshot(world.path)
    report = import_products(world.engine, f)
    assert not report.ok
    assert [(e.row, e.field, e.message) for e in report.errors] == [
        (3, "barcode", "Barcode 6901234567892 already belongs to SKU SKU-COLA"),
        (4, "barcode", "Barcode 6937654321097 already belongs to SKU SKU-BAG"),
        (5, "price", "“x” is not a price (write yuan, e.g. 12.50)"),
    ]
    assert _snapshot(world.path) == before


def test_upc_a_and_its_ean13_form_count_as_the_same_barcode(world, tmp_path):
    from local_db.models import Barcode, Product
    from local_db.uow import write_session

    with write_session(world.engine) as session:
        p = Product(sku="SKU-UPC", name_zh="进口饼干", price=990)
        session.add(p)
        session.flush()
        session.add(Barcode(code="036000291452", product_id=p.id))
    f = _write(tmp_path / "upc.csv", "sku,name_zh,barcode,price\nSKU-Y,饼干,0036000291452,1\n")
    report = import_products(world.engine, f)
    assert [(e.row, e.message) for e in report.errors] == [
        (2, "Barcode 0036000291452 already belongs to SKU SKU-UPC")
    ]


@pytest.mark.parametrize(
    ("name", "content", "detail"),
    [
        ("p.json", b"{}", "only .csv and .xlsx files can be imported"),
        ("p.xls", b"xx", "save the sheet as .xlsx or .csv first"),
        ("p.xlsx", b"not a zip", "the file is not a valid .xlsx workbook"),
        ("p.csv", b"", "the file has no header row"),
        ("p.csv", "货号,品名\nA,B\n".encode(), "required columns are missing: price"),
        ("p.csv", b"sku,name_zh,price\n", "the file has no product rows"),
        ("p.csv", b"sku,sku,name_zh,price\n1,1,a,1\n", "the column sku appears more than once"),
        ("p.csv", b"\xff\xfe\x00\x81\x30", "the text is neither UTF-8 nor GB18030"),
    ],
)
def test_unreadable_files_raise_a_clear_error(engine, db_path, tmp_path, name, content, detail):
    f = tmp_path / name
    f.write_bytes(content)
    before = _snapshot(db_path)
    with pytest.raises(PosError) as caught:
        import_products(engine, f)
    assert caught.value.code == "import_file_unreadable"
    assert caught.value.params["detail"] == detail
    assert str(caught.value) == f"Cannot read the file {f} ({detail})."
    assert _snapshot(db_path) == before


def test_missing_file_is_unreadable(engine, tmp_path):
    with pytest.raises(PosError) as caught:
        import_products(engine, tmp_path / "nope.csv")
    assert caught.value.params["detail"] == "the file does not exist"


def test_cli_exit_codes_and_output(engine, db_path, tmp_path, capsys):
    good = _write(tmp_path / "good.csv", "sku,name_zh,price\nA,甲,1\nB,乙,2.5\n")
    assert run_import_cli(engine, good) == 0
    assert capsys.readouterr().out.strip() == "Imported 2 new and 0 updated products."

    assert run_import_cli(engine, good) == 0
    assert capsys.readouterr().out.strip() == "Imported 0 new and 2 updated products."

    bad = _write(tmp_path / "bad.csv", "货号,品名,售价\nC,,1\nD,丁,abc\n")
    before = _snapshot(db_path)
    assert run_import_cli(engine, bad) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "row 2: 品名: Name is missing",
        "row 3: 售价: “abc” is not a price (write yuan, e.g. 12.50)",
        "2 rows have problems; nothing was imported.",
    ]
    assert _snapshot(db_path) == before

    assert run_import_cli(engine, tmp_path / "x.pdf") == 2
    assert "only .csv and .xlsx files can be imported" in capsys.readouterr().err
