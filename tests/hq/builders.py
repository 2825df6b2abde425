"""Events shaped exactly like the terminal's (checkout._sale_payload, shifts.open_shift)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tests.hq.server import Device, HQServer

_seq = iter(range(1, 10**9))


def new_id() -> str:
    return str(uuid.uuid4())


def sale_payload(terminal_id: str, receipt_no: str = "S01-T01-000001",
                 shift_id: str = "shift-1") -> dict[str, Any]:
    """Two lines (one with a line discount), one cash tender with change; it all adds up."""
    sale_id = new_id()
    lines = [
        {"id": new_id(), "line_no": 1, "product_id": "p-cola", "sku": "SKU-COLA",
         "name": "可口可乐 330ml", "barcode": "6901234567892", "quantity": 2, "unit_price": 350,
         "line_discount": 0, "order_discount": 0, "net": 700, "tax_rate_bp": 1300, "tax": 81,
         "discount_reason": "", "unit_code": None, "guide_id": None},
        {"id": new_id(), "line_no": 2, "product_id": "p-bag", "sku": "SKU-BAG",
         "name": "帆布手提袋", "barcode": "6937654321097", "quantity": 1, "unit_price": 12900,
         "line_discount": 900, "order_discount": 0, "net": 12000, "tax_rate_bp": 1300,
         "tax": 1381, "discount_reason": "damaged box", "unit_code": "U123", "guide_id": "g1"},
    ]
    return {
        "id": sale_id, "receipt_no": receipt_no, "terminal_id": terminal_id,
        "shift_id": shift_id, "cashier_id": "c1", "guide_id": "g1",
        "subtotal": 13600, "discount_total": 900, "total": 12700, "tax_total": 1462,
        "paid": 13000, "change": 300, "order_discount_reason": "",
        "created_at": datetime.now(UTC).isoformat(),
        "lines": lines,
        "tenders": [{"kind": "cash", "amount": 13000, "reference": "", "line_no": 1}],
    }


def event(type_: str, entity_id: str, payload: dict[str, Any]) -> dict[str, Any]:
    return {"event_id": new_id(), "seq": next(_seq), "type": type_, "entity_id": entity_id,
            "created_at": datetime.now(UTC).isoformat(), "payload": payload}


def sale_event(terminal_id: str, **kw: Any) -> dict[str, Any]:
    payload = sale_payload(terminal_id, **kw)
    return event("sale.completed", payload["id"], payload)


def shift_opened_event(terminal_id: str, shift_id: str = "shift-1") -> dict[str, Any]:
    payload = {"shift_id": shift_id, "terminal_id": terminal_id, "opened_by": "c1",
               "opened_at": datetime.now(UTC).isoformat(), "opening_float": 20000}
    return event("shift.opened", shift_id, payload)


def enrol(name: str, phone: str | None, at: datetime, **kw: Any) -> dict[str, Any]:
    p = {"id": new_id(), "name": name, "phone": phone, "card_no": None, "birthday": None,
         "gender": "F", "consent": True, "home_store_id": None, "enrolled_by": "c1",
         "created_at": at.isoformat(), **kw}
    return event("member.enrolled", p["id"], p)


def member_sale(device: Device, member_id: str, receipt: str, earned: int | None = None,
                redeemed: int = 0, small: bool = False, **fields: Any) -> dict[str, Any]:
    """A member's sale as the till sends it: `redeemed` points pay as many fen (a points
    tender, line 2), `earned` defaults to the till's rule at the regular tier (what HQ
    recomputes); `small` keeps only the ¥7 cola line."""
    p = sale_payload(device.terminal_id, receipt_no=receipt)
    if small:
        p["lines"] = p["lines"][:1]
        p.update(subtotal=700, discount_total=0, total=700, tax_total=81)
    cash = p["total"] - redeemed + 300
    p["tenders"] = [{"kind": "cash", "amount": cash, "reference": "", "line_no": 1}]
    if redeemed:
        p["tenders"].append({"kind": "points", "amount": redeemed, "reference": "",
                             "line_no": 2})
    p.update(paid=p["total"] + 300, change=300)
    if earned is None:
        earned = (p["total"] - redeemed) // 100
    p.update(member_id=member_id, points_earned=earned, points_redeemed=redeemed, **fields)
    return event("sale.completed", p["id"], p)


def push(hq: HQServer, device: Device, *events: dict[str, Any]) -> list[dict[str, Any]]:
    with hq.client(device) as c:
        r = c.post("/v1/events", json={"events": list(events)})
    assert r.status_code == 200, r.text
    return r.json()["results"]
