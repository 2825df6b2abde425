"""HQ's bounds on a return without receipt (review 4a/4b), over HTTP with hand-built events:
a refund above every price HQ published for the product since the date window's start is
refused; with no catalogue row of the product at or before the return HQ cannot know, so it
applies and flags; a unit line must name its unit's product; a unit comes back once."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text

from hq import admin, catalog
from tests.hq.builders import event, new_id, push, shift_opened_event
from tests.hq.server import Device, HQServer
from tests.sync.hq_world import seed_hq

SHIFT = "shift-nr"


def _world(hq: HQServer, tmp: Path) -> tuple[Device, str, dict[str, str]]:
    seed_hq(hq, tmp)
    device = hq.register("S01", "T01")
    boss = admin.create_staff(hq.engine, "S01", "9001", "张伟", "manager", "9999")
    with hq.engine.connect() as conn:
        ids = dict(conn.execute(text("SELECT sku, id FROM product")).all())
    assert push(hq, device, shift_opened_event(device.terminal_id, SHIFT))[0][
        "status"] == "accepted"
    return device, boss, ids


def _return(device: Device, boss: str, lines: list[tuple[str, int, int, str | None]],
            at: datetime | None = None) -> dict:
    """lines: (product id, unit price the till showed, amount, unit code)."""
    total = sum(a for _p, _u, a, _c in lines)
    codes = [c for *_x, c in lines if c]
    p = {"id": new_id(), "return_no": f"S01-T01-R{new_id()[:6]}",
         "terminal_id": device.terminal_id, "shift_id": SHIFT, "staff_id": boss,
         "approved_by": boss, "created_at": (at or datetime.now(UTC)).isoformat(),
         "refund_total": total, "reason_code": "defective", "note": "",
         "lines": [{"id": new_id(), "product_id": pid, "quantity": 1, "unit_price": unit,
                    "amount": amount, "unit_code": code} for pid, unit, amount, code in lines],
         "refunds": [{"line_no": 0, "kind": "cash", "amount": total, "reference": ""}],
         "unit_moves": [{"unit_key": c, "unit_id": f"id-{c}", "from": f, "to": t}
                        for c in codes for f, t in (("sold", "returned"),
                                                    ("returned", "in_stock"))]}
    return event("return.no_receipt", p["id"], p)


def _returns(hq: HQServer) -> int:
    with hq.engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM sale_return")).scalar_one()


def test_above_every_published_price_is_refused(hq_server: HQServer, tmp_path: Path):
    device, boss, ids = _world(hq_server, tmp_path)
    cola = ids["SKU-COLA"]  # ¥3.50 since the import
    old = datetime.now(UTC)  # after the import, before the cut
    catalog.set_price(hq_server.engine, "SKU-COLA", 300)
    within = push(hq_server, device, _return(device, boss, [(cola, 350, 350, None)], old))[0]
    assert within["status"] == "conflict" and "above_hq_price" in within["reason"]
    assert "within HQ's 350 fen" in within["reason"] and _returns(hq_server) == 1
    above = push(hq_server, device, _return(device, boss, [(cola, 900, 900, None)]))[0]
    assert above["status"] == "conflict" and "above every price HQ published" in above[
        "reason"]
    assert _returns(hq_server) == 1  # nothing applied


def test_no_price_history_applies_and_flags(hq_server: HQServer, tmp_path: Path):
    device, boss, ids = _world(hq_server, tmp_path)
    tea = ids["SKU-TEA"]
    with hq_server.engine.begin() as conn:  # the product's history pruned away
        conn.execute(text("DELETE FROM change_log WHERE key = :k"), {"k": tea})
        conn.execute(text("UPDATE product SET price = 100 WHERE id = :k"), {"k": tea})
    result = push(hq_server, device, _return(device, boss, [(tea, 550, 550, None)]))[0]
    assert result["status"] == "conflict" and result["reason"].startswith(
        "return_without_receipt")
    assert "price history unknown: for review" in result["reason"]
    assert _returns(hq_server) == 1


def test_a_unit_of_another_product_is_refused_and_a_unit_comes_back_once(
        hq_server: HQServer, tmp_path: Path):
    device, boss, ids = _world(hq_server, tmp_path)
    with hq_server.engine.begin() as conn:  # a ¥5.50 tea's unit, sold here
        conn.execute(text(
            "INSERT INTO unit (id, unit_key, product_id, serial, state, store_id, "
            "received_by, updated_at) VALUES ('u1', 'SN-TEA-1', :p, 'TEA-1', 'sold', :s, "
            "'hq', :t)"), {"p": ids["SKU-TEA"], "s": device.store_id, "t": datetime.now(UTC)})
    bag = ids["SKU-BAG"]
    with hq_server.engine.connect() as conn:
        bag_price = conn.execute(text("SELECT price FROM product WHERE id = :i"),
                                 {"i": bag}).scalar_one()
    swapped = push(hq_server, device, _return(
        device, boss, [(bag, bag_price, bag_price, "SN-TEA-1")]))[0]
    assert swapped["status"] == "conflict" and "unit_product_mismatch" in swapped["reason"]
    assert _returns(hq_server) == 0
    twice = _return(device, boss, [(ids["SKU-TEA"], 550, 550, "SN-TEA-1")] * 2)
    assert push(hq_server, device, twice)[0]["status"] == "rejected"
    assert _returns(hq_server) == 0
