"""一物一码 at HQ: unit moves in sales, returns, units received, anomalies, the units stream.

Runs on SQLite and PostgreSQL (the hq_server fixture)."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from hq import admin_units, catalog
from hq import models as m
from tests.hq.builders import event, new_id, push, sale_payload
from tests.hq.server import Device, HQServer


def unit_sale(device: Device, key: str, receipt: str, moved: bool = True) -> dict[str, Any]:
    p = sale_payload(device.terminal_id, receipt_no=receipt)
    line = p["lines"][1]
    line["unit_code"] = key
    if moved:
        p["unit_moves"] = [{"unit_key": key, "unit_id": new_id(), "from": "in_stock",
                            "to": "sold", "sale_line_id": line["id"], "reason": "sale"}]
    return event("sale.completed", p["id"], p)


def return_event(device: Device, sale: dict[str, Any]) -> dict[str, Any]:
    s = sale["payload"]
    line = s["lines"][1]
    rid = new_id()
    p = {"id": rid, "return_no": "S01-T01-R000001", "sale_id": s["id"], "terminal_id":
         device.terminal_id, "shift_id": s["shift_id"], "staff_id": "c1", "approved_by": None,
         "refund_total": line["net"], "to_cash": False, "reason": "",
         "created_at": datetime.now(UTC).isoformat(), "receipt_no": s["receipt_no"],
         "lines": [{"id": new_id(), "sale_line_id": line["id"], "product_id": line["product_id"],
                    "quantity": 1, "amount": line["net"], "unit_code": line["unit_code"]}],
         "refunds": [{"line_no": 1, "kind": "cash", "amount": line["net"], "reference": ""}],
         "unit_moves": [
             {"unit_key": line["unit_code"], "unit_id": "u", "from": "sold", "to": "returned"},
             {"unit_key": line["unit_code"], "unit_id": "u", "from": "returned",
              "to": "in_stock"}]}
    return event("return.completed", rid, p)


def unit(hq: HQServer, key: str) -> Any:
    with hq.engine.connect() as conn:
        return conn.execute(select(m.Unit.__table__).where(m.Unit.unit_key == key)).one()


def units_stream(hq: HQServer, device: Device) -> list[dict[str, Any]]:
    with hq.client(device) as c:
        return c.get("/v1/changes", params={"stream": "units", "cursor": 0}).json()["changes"]


def seed(hq: HQServer, tmp: Path) -> None:
    path = tmp / "p.csv"
    path.write_text("sku,name_zh,barcode,price\nSKU-BAG,帆布手提袋,6937654321097,129\n",
                    encoding="utf-8")
    catalog.import_products(hq.engine, path)
    hq.ensure_terminal("S01", "T01")
    hq.ensure_terminal("S02", "T01")
    units = tmp / "u.csv"
    units.write_text("sku,serial\nSKU-BAG,SN1\nSKU-BAG,SN2\nNOPE,SN3\n,\n", encoding="utf-8")
    result = admin_units.receive_units(hq.engine, "S01", units)
    assert result.received == ["sku:SKU-BAG:SN1", "sku:SKU-BAG:SN2"]
    assert len(result.problems) == 2 and "line 4" in result.problems[0]


def test_unit_sold_twice_returned_and_streamed(hq_server: HQServer, tmp_path: Path):
    seed(hq_server, tmp_path)
    a, b = hq_server.register("S01", "T01"), hq_server.register("S01", "T02")
    key = "sku:SKU-BAG:SN1"
    first = unit_sale(a, key, "S01-T01-000001")
    assert push(hq_server, a, first)[0]["status"] == "accepted"
    row = unit(hq_server, key)
    assert (row.state, row.sale_id, row.store_id) == ("sold", first["entity_id"], a.store_id)
    # terminal B sold the same unit offline: the money is kept, the clash is flagged
    second = unit_sale(b, key, "S01-T02-000001")
    res = push(hq_server, b, second)[0]
    assert res["status"] == "conflict" and res["reason"].startswith("unit_anomaly:")
    assert "S01-T01-000001" in res["reason"] and "S01-T02-000001" in res["reason"]
    assert push(hq_server, b, second)[0] == res  # sticky
    with hq_server.engine.connect() as conn:
        sales = set(conn.execute(select(m.Sale.id)).scalars())
        exc = conn.execute(select(m.SyncException.__table__)
                           .where(m.SyncException.event_id == second["event_id"])).all()
    assert {first["entity_id"], second["entity_id"]} <= sales
    assert [e.kind for e in exc] == ["unit_anomaly"] and "first received" in exc[0].detail
    assert unit(hq_server, key).sale_id == first["entity_id"]  # HQ keeps the first truth
    # a return at A puts it back in stock, with its rows and a +1 stock move
    ret = return_event(a, first)
    assert push(hq_server, a, ret)[0]["status"] == "accepted"
    assert push(hq_server, a, ret)[0]["status"] == "duplicate"
    row = unit(hq_server, key)
    assert (row.state, row.sale_id, row.store_id) == ("in_stock", None, a.store_id)
    with hq_server.engine.connect() as conn:
        moves = conn.execute(select(m.StockMove.quantity, m.StockMove.reason)
                             .where(m.StockMove.return_id == ret["entity_id"])).all()
        refunds = conn.execute(select(m.RefundTender.amount)).scalars().all()
        history = conn.execute(select(m.UnitEvent.from_state, m.UnitEvent.to_state)
                               .where(m.UnitEvent.unit_key == key)
                               .order_by(m.UnitEvent.id)).all()
    assert [tuple(r) for r in moves] == [(1, "return")] and refunds == [12000]
    assert [tuple(h) for h in history] == [(None, "in_stock"), ("in_stock", "sold"),
                                           ("sold", "sold"), ("sold", "returned"),
                                           ("returned", "in_stock")]
    # returning more than was sold is a conflict, nothing applied
    again = return_event(a, first)
    again["payload"]["return_no"] = "S01-T01-R000002"
    assert push(hq_server, a, again)[0]["status"] == "conflict"
    changes = [c for c in units_stream(hq_server, b) if c["data"]["unit_key"] == key]
    assert [c["data"]["state"] for c in changes][-1] == "in_stock"


def test_units_received_other_store_and_strict_payloads(hq_server: HQServer, tmp_path: Path):
    seed(hq_server, tmp_path)
    a, other = hq_server.register("S01", "T01"), hq_server.register("S02", "T01")
    received = {"store_id": a.store_id, "units": [{
        "id": new_id(), "unit_key": "06937654321097:X1", "product_id": "p-bag",
        "gtin": "06937654321097", "sku": "SKU-BAG", "serial": "X1", "lot": None,
        "expiry": None, "state": "in_stock"}]}
    ok = event("units.received", received["units"][0]["id"], received)
    wrong = copy.deepcopy(ok)
    wrong["event_id"], wrong["payload"]["store_id"] = new_id(), other.store_id
    assert [r["status"] for r in push(hq_server, a, ok, wrong)] == ["accepted", "rejected"]
    assert unit(hq_server, "06937654321097:X1").state == "in_stock"
    # S02 sells a unit HQ has in stock at S01: stored, flagged, and S01 gets a tombstone
    res = push(hq_server, other, unit_sale(other, "sku:SKU-BAG:SN2", "S02-T01-000001"))[0]
    assert res["status"] == "conflict" and "in stock at store S01" in res["reason"]
    row = unit(hq_server, "sku:SKU-BAG:SN2")
    assert (row.state, row.store_id) == ("sold", other.store_id)
    s01 = [c for c in units_stream(hq_server, a) if c["key"] == row.id]
    assert s01[-1]["op"] == "delete" and s01[-1]["data"] == {"unit_key": row.unit_key}
    assert units_stream(hq_server, other)[-1]["data"]["state"] == "sold"
    # a unit HQ never heard of: accepted money, flagged
    res = push(hq_server, a, unit_sale(a, "sku:SKU-BAG:NEW", "S01-T01-000009"))[0]
    assert res["status"] == "conflict" and "unknown to HQ" in res["reason"]
    # strict: moves must match the unit lines; unknown fields refused
    bad = unit_sale(a, "sku:SKU-BAG:Z1", "S01-T01-000010")
    bad["payload"]["unit_moves"][0]["sale_line_id"] = bad["payload"]["lines"][0]["id"]
    extra = unit_sale(a, "sku:SKU-BAG:Z2", "S01-T01-000011")
    extra["payload"]["unit_moves"][0]["colour"] = "red"
    results = push(hq_server, a, bad, extra)
    assert [r["status"] for r in results] == ["rejected", "rejected"]
    assert "unit_moves do not match" in results[0]["reason"]
    # older terminals: unit_code without unit_moves is still a plain sale
    assert push(hq_server, a, unit_sale(a, "U123", "S01-T01-000012", moved=False)
                )[0]["status"] == "accepted"
