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
from pos_app.services.returns import ReturnService
from pos_app.services.units import UnitService
from sync.contract.events import EVENTS
from tests.builders import build_world
from tests.hq.server import HQServer


def test_terminal_sale_and_shift_events_apply(hq_server: HQServer, tmp_path: Path):
    world = build_world(tmp_path / "terminal.db")
    cart = Cart()
    world.scanner.ring(cart, "6901234567892", 3)
    world.scanner.ring(cart, "6937654321097")
    world.checkout.complete_sale(cart, [Tender(TenderKind.CASH, 20000)], world.cashier,
                                 world.shift)
    device = hq_server.register()
    events = _outbox(world.engine, device)
    assert [e["type"] for e in events] == ["shift.opened", "sale.completed"]
    with hq_server.client(device) as c:
        results = c.post("/v1/events", json={"events": events}).json()["results"]
    assert [r["status"] for r in results] == ["accepted", "accepted"], results
    with hq_server.engine.connect() as conn:
        sale = conn.execute(select(m.Sale.__table__)).one()
        lines = conn.execute(select(m.SaleLine.__table__)).all()
    assert sale.total == 350 * 3 + 12900 and sale.change == 20000 - sale.total
    assert sorted(ln.quantity for ln in lines) == [1, 3]


def _outbox(engine, device) -> list[dict]:  # type: ignore[no-untyped-def]
    """The terminal's outbox as it would be pushed after pairing (HQ's store/terminal ids)."""
    with read_session(engine) as session:
        rows = session.exec(sm_select(OutboxEvent).order_by(OutboxEvent.seq)).all()
        events = []
        for row in rows:
            payload = json.loads(row.payload)
            for name, value in (("terminal_id", device.terminal_id),
                                ("store_id", device.store_id)):
                if name in payload:
                    payload[name] = value
            events.append({"event_id": row.id, "seq": row.seq, "type": row.type,
                           "entity_id": row.entity_id, "created_at": row.created_at.isoformat(),
                           "payload": payload})
    return events


def test_terminal_unit_receive_sale_and_return_apply(hq_server: HQServer, tmp_path: Path):
    """units.received, a sale of a unit (unit_moves, or the older units.sold event) and a
    return.completed, exactly as the terminal writes them, are all accepted and applied."""
    world = build_world(tmp_path / "terminal.db")
    units = UnitService(world.engine, world.terminal)
    assert units.receive(["SFU:SKU-BAG:S1"], world.manager).received == ["sku:SKU-BAG:S1"]
    cart = Cart()
    world.scanner.ring(cart, "SFU:SKU-BAG:S1")
    sale = world.checkout.complete_sale(cart, [Tender(TenderKind.CASH, 20000)], world.cashier,
                                        world.shift)
    returns = ReturnService(world.engine, world.terminal)
    line = returns.find_sale(sale.receipt_no).lines[0]
    returns.complete_return(sale.receipt_no, {line.sale_line_id: 1}, world.cashier, world.shift)
    device = hq_server.register()
    events = _outbox(world.engine, device)
    assert {e["type"] for e in events} <= set(EVENTS), [e["type"] for e in events]
    with hq_server.client(device) as c:
        results = c.post("/v1/events", json={"events": events}).json()["results"]
    assert {r["status"] for r in results} == {"accepted"}, results
    with hq_server.engine.connect() as conn:
        unit = conn.execute(select(m.Unit.__table__)).one()
        ret = conn.execute(select(m.SaleReturn.__table__)).one()
        states = conn.execute(select(m.UnitEvent.to_state).order_by(m.UnitEvent.id)).scalars()
        assert list(states) == ["in_stock", "sold", "returned", "in_stock"]
    assert (unit.state, unit.store_id, ret.sale_id) == ("in_stock", device.store_id,
                                                         sale.sale_id)
