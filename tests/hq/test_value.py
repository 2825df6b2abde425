"""HQ recomputes and bounds value with the till's own rules (hq/value.py,
hq/value_returns.py): member days and tiers in points earned, what a return may refund and
to which tender, who may approve it, and the cross-store policy. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from hq import admin, settings
from hq import models as m
from pos_app.domain.member_days import MemberDays
from tests.hq.builders import enrol, event, member_sale, new_id, push
from tests.hq.server import Device, HQServer
from tests.hq.test_members import T0, ledger, member


def _member(hq: HQServer, device: Device, phone: str) -> str:
    ev = enrol("会员", phone, T0)
    push(hq, device, ev)
    return ev["entity_id"]


def _return(device: Device, sale: dict[str, Any], approved_by: str | None = None,
            refunds: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    s = sale["payload"]
    line = s["lines"][0]
    rid = new_id()
    p = {"id": rid, "return_no": f"R-{rid[:6]}", "sale_id": s["id"],
         "receipt_no": s["receipt_no"], "terminal_id": device.terminal_id,
         "shift_id": "shift-1", "staff_id": "c1", "approved_by": approved_by,
         "created_at": datetime.now(UTC).isoformat(), "refund_total": line["net"],
         "to_cash": approved_by is not None, "reason": "",
         "lines": [{"id": new_id(), "sale_line_id": line["id"], "product_id": line["product_id"],
                    "quantity": line["quantity"], "amount": line["net"], "unit_code": None}],
         "refunds": refunds or [{"line_no": 1, "kind": "cash", "amount": line["net"],
                                 "reference": ""}]}
    if s.get("member_id"):
        p.update(member_id=s["member_id"], points_reversed=s["points_earned"] * line["net"]
                 // s["total"], points_refunded=0)
    return event("return.completed", rid, p)


def test_member_day_points_are_hqs_calendar(hq_server: HQServer, monkeypatch):
    monkeypatch.setenv("SHOPFLOOR_HQ_TIMEZONE", "UTC")
    a = hq_server.register("S01", "T01")
    mid = _member(hq_server, a, "13100000001")
    today = datetime.now(UTC).day
    settings.set_member_days(hq_server.engine, MemberDays((today,), (), 3000))
    tripled = member_sale(a, mid, "S01-T01-000001", earned=127 * 3)
    assert push(hq_server, a, tripled)[0]["status"] == "accepted"
    plain = member_sale(a, mid, "S01-T01-000002", earned=127)  # a till that missed it
    res = push(hq_server, a, plain)[0]
    assert res["status"] == "conflict" and "HQ computed 381" in res["reason"]
    assert ledger(hq_server, mid) == [("earned", 381), ("earned", 381)]
    settings.set_member_days(hq_server.engine, None)  # withdrawn: a till's own ×3 is not HQ's
    own = member_sale(a, mid, "S01-T01-000003", earned=127 * 3)
    res = push(hq_server, a, own)[0]
    assert res["status"] == "conflict" and "HQ computed 127" in res["reason"]


def test_a_till_that_missed_a_tier_upgrade_keeps_its_figure_but_never_more(hq_server):
    a = hq_server.register("S01", "T01")
    mid = _member(hq_server, a, "13100000002")
    with hq_server.engine.begin() as conn:
        conn.execute(update(m.Member.__table__).where(m.Member.id == mid)
                     .values(tier="silver", lifetime_spend=300_000))
    assert push(hq_server, a, member_sale(a, mid, "S01-T01-000001", earned=127)
                )[0]["status"] == "accepted"  # regular: the till had not heard yet
    assert push(hq_server, a, member_sale(a, mid, "S01-T01-000002", earned=152)
                )[0]["status"] == "accepted"  # silver ×1.2
    res = push(hq_server, a, member_sale(a, mid, "S01-T01-000003", earned=254))[0]  # diamond
    assert res["status"] == "conflict" and "HQ computed 152" in res["reason"]
    assert member(hq_server, mid).points_balance == 127 + 152 + 152


def test_refunds_follow_the_tenders_and_a_real_manager_approves_cash(hq_server: HQServer):
    a = hq_server.register("S01", "T01")
    boss = admin.create_staff(hq_server.engine, "S01", "9001", "店长", "manager", "9999")
    clerk = admin.create_staff(hq_server.engine, "S01", "1009", "店员", "cashier", "1111")
    sale = member_sale(a, _member(hq_server, a, "13100000003"), "S01-T01-000001")
    push(hq_server, a, sale)
    for who in (clerk, "nobody"):
        res = push(hq_server, a, _return(a, sale, approved_by=who))[0]
        assert res["status"] == "conflict" and "approval_invalid" in res["reason"], who
    twice = [{"line_no": 1, "kind": "cash", "amount": 400, "reference": ""},
             {"line_no": 2, "kind": "cash", "amount": 300, "reference": ""}]
    res = push(hq_server, a, _return(a, sale, refunds=twice))[0]
    assert res["status"] == "conflict" and "did not pay that way" in res["reason"]
    assert push(hq_server, a, _return(a, sale, approved_by=boss))[0]["status"] == "accepted"
    res = push(hq_server, a, _return(a, sale))[0]  # the same line again
    assert res["status"] == "conflict" and "more returned than sold" in res["reason"]
    with hq_server.engine.connect() as conn:
        assert conn.execute(select(m.SaleReturn.approved_by)).scalars().all() == [boss]


@pytest.mark.parametrize("policy, status", [("allowed", "accepted"), ("flagged", "conflict")])
def test_cross_store_returns_follow_the_policy(hq_server: HQServer, monkeypatch, policy,
                                               status):
    monkeypatch.setenv("SHOPFLOOR_HQ_CROSS_STORE_RETURNS", policy)
    a, b = hq_server.register("S01", "T01"), hq_server.register("S02", "T01")
    sale = member_sale(a, _member(hq_server, a, "13100000004"), "S01-T01-000001")
    push(hq_server, a, sale)
    res = push(hq_server, b, _return(b, sale))[0]
    assert res["status"] == status
    if status == "conflict":
        assert res["reason"].startswith("cross_store_return:")
    with hq_server.engine.connect() as conn:
        assert conn.execute(select(m.SaleReturn.store_id)).scalars().all() == [b.store_id]


def test_the_date_window_is_a_setting(hq_server: HQServer, monkeypatch):
    a = hq_server.register("S01", "T01")
    sale = member_sale(a, _member(hq_server, a, "13100000005"), "S01-T01-000001",
                       created_at=(datetime.now(UTC) - timedelta(days=40)).isoformat())
    res = push(hq_server, a, sale)[0]
    assert res["status"] == "conflict" and res["reason"].startswith("date_out_of_window:")
    monkeypatch.setenv("SHOPFLOOR_HQ_DATE_PAST_DAYS", "60")
    later = member_sale(a, member(hq_server, sale["payload"]["member_id"]).id,
                        "S01-T01-000002",
                        created_at=(datetime.now(UTC) - timedelta(days=40)).isoformat())
    assert push(hq_server, a, later)[0]["status"] == "accepted"
