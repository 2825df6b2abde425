"""The value/identity/personal-data attacks' world: S02 (the victim store) with a member
enrolled and buying at its real till, S01 (the attacker) holding its own till's database
and token, crafting events and look-ups by hand (tests/security/world.py's raw client)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from hq import models as hm
from hq.coupons import issue
from pos_app.services.members import MemberService
from tests.hq.server import HQServer
from tests.security.world import raw, store_till
from tests.sync.hq_world import PairedTill
from tests.sync.test_members_via_hq import BAG, sell, sync

VICTIM_PHONE, VICTIM_OPENID = "13912345678", "o-victim-openid-0001"
MEMBER_TABLES = ("member", "member_identifier", "points_ledger", "coupon")


@dataclass
class Stores:
    attacker: PairedTill  # S01
    victim_till: PairedTill  # S02
    victim: str  # the S02 member's id: 129 points, a coupon, phone and openid
    coupon: str


def two_stores(hq: HQServer, tmp: Path) -> Stores:
    attacker = store_till(hq, tmp, "S01")
    victim_till = store_till(hq, tmp, "S02")
    member = MemberService(victim_till.engine, victim_till.terminal).enroll(
        "林晓", VICTIM_PHONE, victim_till.cashier, card_no="VIP-2002", birthday="1990-05-04")
    sell(victim_till, member.id, BAG)  # ¥129: 129 points
    for _ in range(3):  # one round sends what is queued; a second one if HQ was busy
        sync(victim_till)
        if _at_hq(hq, member.id):
            break
    assert _at_hq(hq, member.id)
    with hq.engine.begin() as conn:  # the brand's WeChat binding, made at HQ
        conn.execute(insert(hm.MemberIdentifier.__table__), {
            "member_id": member.id, "kind": "openid", "value": VICTIM_OPENID})
    code = issue(hq.engine, member.id, "满100减20", value=2000, min_spend=10000).code
    return Stores(attacker, victim_till, member.id, code)


def _at_hq(hq: HQServer, member_id: str) -> bool:
    with hq.engine.connect() as conn:
        return conn.execute(select(hm.Member.__table__.c.id).where(
            hm.Member.__table__.c.id == member_id)).first() is not None


def event(type_: str, entity_id: str, payload: dict[str, Any]) -> dict[str, Any]:
    return {"event_id": str(uuid.uuid4()), "type": type_, "entity_id": entity_id, "seq": 1,
            "created_at": datetime.now(UTC).isoformat(), "payload": payload}


def push(hq: HQServer, till: PairedTill, *events: dict[str, Any]) -> list[dict[str, Any]]:
    with raw(hq, till) as client:
        r = client.post("/v1/events", json={"events": list(events)})
    assert r.status_code == 200, r.text
    return r.json()["results"]


def sale(till: PairedTill, unit_price: int, quantity: int = 1, **fields: Any
         ) -> dict[str, Any]:
    """One line, paid in cash exactly, adding up: a `sale.completed` as a till shapes it."""
    total = unit_price * quantity
    line = {"id": str(uuid.uuid4()), "line_no": 1, "product_id": "p-anything",
            "sku": "SKU-X", "name": "x", "barcode": "", "quantity": quantity,
            "unit_price": unit_price, "line_discount": 0, "order_discount": 0, "net": total,
            "tax_rate_bp": 0, "tax": 0, "discount_reason": "", "unit_code": None,
            "guide_id": None}
    p = {"id": str(uuid.uuid4()), "receipt_no": f"S01-T01-{uuid.uuid4().hex[:6]}",
         "terminal_id": till.terminal.terminal_id, "shift_id": till.shift.id,
         "cashier_id": till.cashier.id, "guide_id": None, "created_at":
         datetime.now(UTC).isoformat(), "subtotal": total, "discount_total": 0,
         "total": total, "tax_total": 0, "paid": total, "change": 0,
         "order_discount_reason": "", "lines": [line],
         "tenders": [{"kind": "cash", "amount": total, "reference": "", "line_no": 1}],
         **fields}
    return event("sale.completed", p["id"], p)


def member_state(hq: HQServer, member_id: str) -> dict[str, list[tuple]]:
    """Everything HQ holds about one member (its row, identifiers, ledger, coupons)."""
    tables = [hm.Member.__table__, hm.MemberIdentifier.__table__, hm.PointsLedger.__table__,
              hm.Coupon.__table__]
    out = {}
    with hq.engine.connect() as conn:
        for t in tables:
            key = t.c.id if t.name == "member" else t.c.member_id
            out[t.name] = sorted(tuple(r) for r in conn.execute(select(t).where(
                key == member_id)))
    return out


def balance(hq: HQServer, member_id: str) -> int:
    with hq.engine.connect() as conn:
        return int(conn.execute(select(hm.Member.__table__.c.points_balance).where(
            hm.Member.__table__.c.id == member_id)).scalar_one())


def stream_keys(hq: HQServer, till: PairedTill) -> dict[str, dict]:
    """The members stream as this till's store sees it: key → latest data."""
    with raw(hq, till) as client:
        changes = client.get("/v1/changes", params={"stream": "members", "cursor": 0,
                                                     "limit": 1000}).json()["changes"]
    return {ch["key"]: ch["data"] for ch in changes}


def exceptions_for(hq: HQServer, event_id: str) -> list[tuple[str, str]]:
    t = hm.SyncException.__table__
    with hq.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(t.c.kind, t.c.detail).where(
            t.c.event_id == event_id))]  # type: ignore[misc]
