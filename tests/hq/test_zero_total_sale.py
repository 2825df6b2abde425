"""A sale discounted to zero (the till takes no tender for it) is booked at HQ like any other:
the wire contract the till checks it with is the one HQ applies."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select

from hq import models as m
from pos_app.domain.cart import Cart
from tests.builders import build_world
from tests.hq.server import HQServer


def test_a_zero_total_sale_is_accepted_and_booked_without_tenders(
        hq_server: HQServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # The whole line off is past the cashier's default limits, which HQ bounds since 20-L2
    # (tests/sync/test_manual_discount_via_hq.py); this brand lets its cashiers give it.
    monkeypatch.setenv("SHOPFLOOR_HQ_DISCOUNT_LIMIT_BP", "10000")
    monkeypatch.setenv("SHOPFLOOR_HQ_DISCOUNT_LIMIT_FEN", "1000000")
    world = build_world(tmp_path / "till.db")
    cart = Cart()
    line = world.scanner.ring(cart, "6901234567892")
    cart.set_line_discount(line.line_id, 350, "gift")
    done = world.checkout.complete_sale(cart, [], world.cashier, world.shift)
    device = hq_server.register()
    with sqlite3.connect(world.path) as conn:
        row = conn.execute("SELECT id, seq, entity_id, created_at, payload FROM outbox_event"
                           " WHERE type = 'sale.completed'").fetchone()
    payload = json.loads(row[4]) | {"terminal_id": device.terminal_id}
    event = {"event_id": row[0], "seq": row[1], "type": "sale.completed",
             "entity_id": row[2], "created_at": row[3], "payload": payload}
    with hq_server.client(device) as c:
        results = c.post("/v1/events", json={"events": [event]}).json()["results"]
    assert [r["status"] for r in results] == ["accepted"], results
    with hq_server.engine.connect() as conn:
        sale = conn.execute(select(m.Sale.__table__).where(m.Sale.id == done.sale_id)).one()
        tenders = conn.execute(select(func.count()).select_from(m.Tender.__table__)).scalar()
    assert (sale.total, sale.paid, sale.change, tenders) == (0, 0, 0, 0)
