"""The real terminal's outbox payloads (checkout, shifts) are accepted as they are sent."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select
from sqlmodel import select as sm_select

from hq import models as m
from local_db.models import OutboxEvent
from local_db.uow import read_session
from pos_app.domain.cart import Cart
from pos_app.domain.tenders import Tender, TenderKind
from tests.builders import build_world
from tests.hq.server import HQServer


def test_terminal_sale_and_shift_events_apply(hq_server: HQServer, tmp_path: Path):
    world = build_world(tmp_path / "terminal.db")
    cart = Cart()
    world.checkout.scan(cart, "6901234567892", 3)
    world.checkout.scan(cart, "6937654321097")
    world.checkout.complete_sale(cart, [Tender(TenderKind.CASH, 20000)], world.cashier,
                                 world.shift)
    device = hq_server.register()
    with read_session(world.engine) as session:
        rows = session.exec(sm_select(OutboxEvent).order_by(OutboxEvent.seq)).all()
        events = []
        for row in rows:
            payload = json.loads(row.payload)
            payload["terminal_id"] = device.terminal_id  # after pairing it carries HQ's id
            events.append({"event_id": row.id, "seq": row.seq, "type": row.type,
                           "entity_id": row.entity_id, "created_at": row.created_at.isoformat(),
                           "payload": payload})
    assert [e["type"] for e in events] == ["shift.opened", "sale.completed"]
    with hq_server.client(device) as c:
        results = c.post("/v1/events", json={"events": events}).json()["results"]
    assert [r["status"] for r in results] == ["accepted", "accepted"], results
    with hq_server.engine.connect() as conn:
        sale = conn.execute(select(m.Sale.__table__)).one()
        lines = conn.execute(select(m.SaleLine.__table__)).all()
    assert sale.total == 350 * 3 + 12900 and sale.change == 20000 - sale.total
    assert sorted(ln.quantity for ln in lines) == [1, 3]
