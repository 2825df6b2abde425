"""A price change or a withdrawal at HQ names its product by SKU (hq.catalog._product_id, one
look-up for both): an SKU HQ does not know is refused with its name, and nothing reaches
the change log the tills pull."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from hq import catalog
from hq.admin import AdminError
from hq.db import open_database


@pytest.mark.parametrize("change", [
    lambda engine: catalog.set_price(engine, "SKU-NONE", 300),
    lambda engine: catalog.delete_product(engine, "SKU-NONE"),
], ids=["set_price", "delete_product"])
def test_an_unknown_sku_is_refused_by_name_and_nothing_is_published(tmp_path: Path, change):
    engine = open_database(f"sqlite:///{tmp_path / 'hq.db'}")
    try:
        with pytest.raises(AdminError, match="unknown sku 'SKU-NONE'"):
            change(engine)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM change_log")).scalar_one() == 0
    finally:
        engine.dispose()
