"""One helper says which barcodes name the same item; a scan finds its product in any of
the GTIN forms the catalog may hold it under, the form as scanned first."""

from __future__ import annotations

from local_db.models import Barcode, Product
from local_db.uow import write_session
from pos_app.domain.barcodes import barcode_forms


def _product(world, sku: str, code: str, price: int = 100) -> None:
    with write_session(world.engine) as session:
        product = Product(sku=sku, name_zh=sku, name_en=sku, price=price, stock_qty=5)
        session.add(product)
        session.flush()
        session.add(Barcode(code=code, product_id=product.id))


def test_a_upc_a_and_its_ean_13_are_one_item():
    assert set(barcode_forms("036000291452")) >= {"036000291452", "0036000291452"}
    assert "036000291452" in barcode_forms("0036000291452")
    assert barcode_forms("ABC-123") == ["ABC-123"]  # no GTIN: only itself


def test_a_upc_a_in_the_catalog_sells_when_scanned_as_ean_13(world):
    _product(world, "SKU-UPC", "036000291452")
    assert world.catalog.find_by_barcode("0036000291452").sku == "SKU-UPC"


def test_a_gtin_14_in_the_catalog_sells_when_scanned_as_printed(world):
    _product(world, "SKU-G14", "06901234567816")
    found = world.catalog.find_by_barcode("6901234567816")
    assert found.sku == "SKU-G14" and found.barcode == "06901234567816"


def test_the_code_as_scanned_wins_over_another_form(world):
    _product(world, "SKU-SHORT", "036000291452")
    _product(world, "SKU-LONG", "0036000291452")
    assert world.catalog.find_by_barcode("0036000291452").sku == "SKU-LONG"
    assert world.catalog.find_by_barcode("036000291452").sku == "SKU-SHORT"
