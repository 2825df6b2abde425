"""Pull: cursor pages, has_more, tombstones, store scoping, resync after pruning."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hq import admin, catalog
from hq.changes import prune_change_log, read_page, read_page_json, record
from hq.db import writer
from sync.contract.envelope import ChangesPage
from tests.hq.server import HQServer

CSV = """sku,name_zh,name_en,barcode,price,member_price,category,tax_rate,unit_tracked
SKU-COLA,可口可乐 330ml,Coca-Cola,6901234567892,3.50,,drinks,13%,0
SKU-TEA,东方树叶,Oriental Leaf,6920202888883|6920202888890,5.5,5.00,drinks,0.13,no
SKU-BAG,帆布手提袋,Canvas tote,6937654321097,129,,bags,13,yes
"""


def _import(server: HQServer, tmp_path: Path, text: str = CSV) -> None:
    path = tmp_path / "products.csv"
    path.write_text(text, encoding="utf-8")
    catalog.import_products(server.engine, path)


def _pull_all(c, stream: str, cursor: int = 0, limit: int = 2):  # type: ignore[no-untyped-def]
    pages, changes = 0, []
    while True:
        page = c.get("/v1/changes", params={"stream": stream, "cursor": cursor,
                                            "limit": limit}).json()
        pages += 1
        changes += page["changes"]
        assert not page["resync_required"]
        cursor = page["next_cursor"]
        if not page["has_more"]:
            return changes, cursor, pages


def test_imported_products_page_through_with_cursors(hq_server: HQServer, tmp_path: Path):
    device = hq_server.register()
    _import(hq_server, tmp_path)
    with hq_server.client(device) as c:
        changes, cursor, pages = _pull_all(c, "products", limit=2)
        assert pages == 2
        assert [ch["data"]["sku"] for ch in changes] == ["SKU-COLA", "SKU-TEA", "SKU-BAG"]
        tea = changes[1]["data"]
        assert tea["price"] == 550 and tea["member_price"] == 500 and tea["tax_rate_bp"] == 1300
        assert tea["barcodes"] == ["6920202888883", "6920202888890"]
        assert changes[2]["data"]["unit_tracked"] is True and changes[2]["data"]["price"] == 12900
        # Nothing new: same cursor back, no more.
        empty = c.get("/v1/changes", params={"stream": "products", "cursor": cursor}).json()
        assert empty == {"stream": "products", "changes": [], "next_cursor": cursor,
                         "has_more": False, "resync_required": False}
        # A price change on the prices stream, a deletion as a tombstone on products.
        catalog.set_price(hq_server.engine, "SKU-COLA", 300, 280)
        cola_id = catalog.delete_product(hq_server.engine, "SKU-COLA")
        prices, _, _ = _pull_all(c, "prices")
        assert prices == [{"key": cola_id, "op": "upsert",
                           "data": {"product_id": cola_id, "price": 300, "member_price": 280}}]
        later, _, _ = _pull_all(c, "products", cursor=cursor)
        assert later == [{"key": cola_id, "op": "delete", "data": None}]


def test_reimport_updates_and_bad_files_write_nothing(hq_server: HQServer, tmp_path: Path):
    device = hq_server.register()
    _import(hq_server, tmp_path)
    bad = CSV.replace("3.50", "3.5.0").replace(",129,", ",-1,")
    try:
        _import(hq_server, tmp_path, bad)
    except admin.AdminError as exc:
        assert "line 2" in str(exc) and "line 4" in str(exc)
    else:
        raise AssertionError("bad CSV accepted")
    _import(hq_server, tmp_path, CSV.replace("3.50", "4.00"))
    with hq_server.client(device) as c:
        changes, _, _ = _pull_all(c, "products", limit=100)
    assert len(changes) == 6
    assert changes[-3]["data"]["price"] == 400


def test_staff_stream_carries_pin_hash_for_own_store_only(hq_server: HQServer):
    s01 = hq_server.register("S01", "T01")
    s02 = hq_server.register("S02", "T01")
    admin.create_staff(hq_server.engine, "S01", "1001", "李娜", "cashier", "1111")
    admin.create_staff(hq_server.engine, "S02", "2001", "王芳", "guide", "2222")
    admin.set_staff_active(hq_server.engine, "1001", False)
    with hq_server.client(s01) as c:
        mine, _, _ = _pull_all(c, "staff")
    with hq_server.client(s02) as c:
        theirs, _, _ = _pull_all(c, "staff")
    assert [(ch["data"]["code"], ch["data"]["active"]) for ch in mine] == [
        ("1001", True), ("1001", False)]
    assert [ch["data"]["code"] for ch in theirs] == ["2001"]
    assert mine[0]["data"]["pin_hash"].startswith("pepper$")  # keyed with S01's pepper
    assert "1111" not in str(mine)


def test_pruning_forces_resync_for_old_cursors_only(hq_server: HQServer, tmp_path: Path):
    device = hq_server.register()
    _import(hq_server, tmp_path)
    catalog.delete_product(hq_server.engine, "SKU-TEA")
    with hq_server.client(device) as c:
        before, head, _ = _pull_all(c, "products", limit=100)
        assert [ch["op"] for ch in before] == ["upsert"] * 3 + ["delete"]
        old_cursor = 1  # a terminal that pulled only the first change before pruning
        with writer(hq_server.engine).begin() as conn:
            removed = prune_change_log(conn, head)
        assert removed == 2  # TEA's superseded upsert and its tombstone
        stale = c.get("/v1/changes", params={"stream": "products",
                                             "cursor": old_cursor}).json()
        assert stale["resync_required"] is True and stale["next_cursor"] == 0
        fresh, _, _ = _pull_all(c, "products", cursor=0, limit=100)
        assert [ch["data"]["sku"] for ch in fresh] == ["SKU-COLA", "SKU-BAG"]
        current = c.get("/v1/changes", params={"stream": "products", "cursor": head}).json()
        assert current["resync_required"] is False
        future = c.get("/v1/changes", params={"stream": "products",
                                              "cursor": head + 1000}).json()
        assert future["resync_required"] is True


def test_bad_pull_parameters_are_422(hq_server: HQServer):
    device = hq_server.register()
    with hq_server.client(device) as c:
        for params in ({"stream": "coupons"}, {}, {"stream": "products", "cursor": -1},
                       {"stream": "products", "limit": 0}, {"stream": "products",
                                                            "limit": 2001},
                       {"stream": "products", "cursor": 2**64}):
            assert c.get("/v1/changes", params=params).status_code == 422, params


def test_page_body_is_the_models_json_for_every_kind_of_page(hq_server: HQServer,
                                                              tmp_path: Path):
    """HQ splices each row's stored JSON into the page (hq.changes.read_page_json) instead of
    re-serialising models: it must say exactly what the model would, for a full page, the
    last one, an empty one, a tombstone, Chinese text and a resync."""
    device = hq_server.register()
    _import(hq_server, tmp_path)
    catalog.delete_product(hq_server.engine, "SKU-TEA")
    with writer(hq_server.engine).begin() as conn:  # keys and data JSON must escape
        record(conn, "prices", 'p"1\\é\u2028\t', "upsert", {"product_id": 'p"1', "price": 1})
        record(conn, "prices", "p2", "delete")
    store_id = device.store_id
    with hq_server.engine.connect() as conn:
        head = read_page(conn, "products", 0, 100, store_id).next_cursor
        cases = [("products", 0, 2), ("products", 2, 100), ("products", head, 10),
                 ("staff", 0, 10), ("prices", 0, 10), ("products", head + 1000, 10)]
        for stream, cursor, limit in cases:
            model = read_page(conn, stream, cursor, limit, store_id)
            body = read_page_json(conn, stream, cursor, limit, store_id)
            assert ChangesPage.model_validate_json(body) == model, (stream, cursor)
            assert json.loads(body) == model.model_dump(mode="json"), (stream, cursor)
    with hq_server.client(device) as c:
        answer = c.get("/v1/changes", params={"stream": "products", "limit": 100})
        assert answer.headers["content-type"] == "application/json"
        assert [ch["data"]["name_zh"] for ch in answer.json()["changes"][:2]] == [
            "可口可乐 330ml", "东方树叶"]


def test_a_nan_is_never_stored_in_a_change(hq_server: HQServer):
    """json.dumps writes NaN / Infinity as bare words, not JSON: the change is refused and
    the transaction writes nothing."""
    for bad in (float("nan"), float("inf")):
        with pytest.raises(ValueError), writer(hq_server.engine).begin() as conn:
            record(conn, "prices", "p1", "upsert", {"product_id": "p1", "price": bad})
    with writer(hq_server.engine).begin() as conn:
        assert read_page(conn, "prices", 0, 10, None).changes == []
