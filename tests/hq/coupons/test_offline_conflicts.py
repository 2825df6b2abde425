"""Offline redemptions pushed as `coupon.redeemed` (issue 17 Must hold), over real HTTP on
SQLite and PostgreSQL: the same coupon redeemed offline on two tills → the first HQ sees is
accepted, the other is a `coupon_conflict` naming both receipts, guides and units (in the
push answer the till lists, and in HQ's exceptions); replaying every event three times
changes nothing; an online redemption's event confirms it and a gift's unit becomes gifted."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

from hq import admin
from hq import models as m
from tests.hq.builders import event, new_id, push
from tests.hq.coupons.test_redeem_online import a_member_with_a_coupon, post, redeem_body
from tests.hq.coupons.world import offline_coupon
from tests.hq.server import Device, HQServer

NOW = datetime.now(UTC).isoformat()


def redeemed(device: Device, coupon_id: str, receipt: str, guide: str, *,
             online: bool = False, key: str | None = None, **extra: Any) -> dict[str, Any]:
    key = key or new_id()
    payload = {"redemption_id": key, "coupon_id": coupon_id, "code_kind": "signed",
               "store_id": device.store_id, "terminal_id": device.terminal_id,
               "sale_id": f"sale-{key}", "receipt_no": receipt, "guide_id": guide,
               "redeemed_at": NOW, "online": online, **extra}
    return event("coupon.redeemed", key, payload)


def redemptions(hq: HQServer) -> list[tuple[str, str, bool]]:
    red = m.CouponRedemption.__table__
    with hq.engine.connect() as conn:
        rows = conn.execute(select(red.c.receipt_no, red.c.status, red.c.confirmed)
                            .order_by(red.c.receipt_no)).all()
    return [tuple(r) for r in rows]


def test_two_offline_tills_one_accepted_one_conflict_replays_change_nothing(
        hq_server: HQServer, monkeypatch: pytest.MonkeyPatch):
    a = hq_server.register("S01", "T01")
    b = hq_server.register("S02", "T01")
    _, coupon_id = offline_coupon(hq_server, a, monkeypatch)
    first = redeemed(a, coupon_id, "S01-T01-000001", "guide-a")
    second = redeemed(b, coupon_id, "S02-T01-000001", "guide-b")
    assert [r["status"] for r in push(hq_server, a, first)] == ["accepted"]
    (answer,) = push(hq_server, b, second)
    assert answer["status"] == "conflict"
    reason = answer["reason"]
    assert reason.startswith("coupon_conflict: coupon ")
    for fact in ("receipt S01-T01-000001", "guide guide-a", "receipt S02-T01-000001",
                 "guide guide-b"):
        assert fact in reason
    kinds = [e["kind"] for e in admin.list_exceptions(hq_server.engine)]
    assert kinds.count("coupon_conflict") == 1
    state = redemptions(hq_server)
    assert state == [("S01-T01-000001", "accepted", True), ("S02-T01-000001", "conflict", True)]
    for _ in range(3):
        assert [r["status"] for r in push(hq_server, a, first)] == ["duplicate"]
        assert [r["status"] for r in push(hq_server, b, second)] == ["conflict"]
    assert redemptions(hq_server) == state
    assert [e["kind"] for e in admin.list_exceptions(hq_server.engine)].count(
        "coupon_conflict") == 1


def test_an_online_redemption_is_confirmed_by_its_event_and_cannot_be_released(
        hq_server: HQServer):
    a = hq_server.register("S01", "T01")
    code, coupon_id = a_member_with_a_coupon(hq_server, a)
    held = post(hq_server, a, "/v1/coupons/redeem", redeem_body("red-1", code, "S01-T01-000007"))
    assert held["outcome"] == "redeemed"
    done = redeemed(a, coupon_id, "S01-T01-000007", "guide-a", online=True, key="red-1")
    done["payload"]["sale_id"] = "sale-red-1"
    assert [r["status"] for r in push(hq_server, a, done)] == ["accepted"]
    assert redemptions(hq_server) == [("S01-T01-000007", "accepted", True)]
    assert post(hq_server, a, "/v1/coupons/release",
                {"idempotency_key": "red-1"})["reason"] == "redemption_completed"


def test_an_offline_redemption_past_its_policy_stands_and_is_flagged(
        hq_server: HQServer, monkeypatch: pytest.MonkeyPatch):
    a = hq_server.register("S01", "T01")
    _, denied = offline_coupon(hq_server, a, monkeypatch, offline="deny")
    (answer,) = push(hq_server, a, redeemed(a, denied, "S01-T01-000001", "guide-a"))
    assert answer["status"] == "conflict"
    assert answer["reason"].startswith("coupon_policy: coupon ") and "deny" in answer["reason"]
    assert redemptions(hq_server) == [("S01-T01-000001", "accepted", True)]
    assert [e["kind"] for e in admin.list_exceptions(hq_server.engine)] == ["coupon_policy"]
    _, small = offline_coupon(hq_server, a, monkeypatch, "13700000002", "allow_under",
                              offline_under=5000)  # worth 2000 fen: allowed
    assert push(hq_server, a, redeemed(a, small, "S01-T01-000002", "g"))[0]["status"] == \
        "accepted"


def test_a_managers_revival_at_a_return_opens_the_coupon_again(
        hq_server: HQServer, monkeypatch: pytest.MonkeyPatch):
    a = hq_server.register("S01", "T01")
    code, coupon_id = offline_coupon(hq_server, a, monkeypatch)
    sold = redeemed(a, coupon_id, "S01-T01-000001", "guide-a", key="red-sale")
    assert push(hq_server, a, sold)[0]["status"] == "accepted"
    revival = event("coupon.revived", "red-sale", {
        "redemption_id": "red-sale", "coupon_id": coupon_id, "store_id": a.store_id,
        "terminal_id": a.terminal_id, "return_id": "ret-1", "manager_id": "m-1",
        "revived_at": NOW})
    assert push(hq_server, a, revival)[0]["status"] == "accepted"
    assert redemptions(hq_server) == [("S01-T01-000001", "revived", True)]
    again = post(hq_server, a, "/v1/coupons/redeem", redeem_body("red-2", code, "S01-T01-2"))
    assert again["outcome"] == "redeemed"  # usable again
    unknown = dict(revival, event_id=new_id(), entity_id="nope",
                   payload={**revival["payload"], "redemption_id": "nope"})
    assert push(hq_server, a, unknown)[0]["status"] == "conflict"
