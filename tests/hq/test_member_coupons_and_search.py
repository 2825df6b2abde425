"""HQ's member extras for the till: coupons issued to members (carried in the members
stream, moved by merges), the online search by any identifier, and purchase history across
stores. Runs on SQLite and PostgreSQL (the hq_server fixture)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from hq import member_holds, members
from hq.admin import AdminError
from hq.cli import main
from hq.coupons import issue
from pos_app.domain.codes.shortcode import valid_short_code
from tests.hq.builders import enrol, member_sale, push
from tests.hq.server import Device, HQServer
from tests.hq.test_members import T0, latest, member, stream


def search(hq: HQServer, device: Device, q: str) -> list[dict[str, Any]]:
    with hq.client(device) as c:
        r = c.post("/v1/members/search", json={"q": q})
    assert r.status_code == 200, r.text
    return r.json()["members"]


def purchases(hq: HQServer, device: Device, member_id: str) -> list[dict[str, Any]]:
    with hq.client(device) as c:
        r = c.get(f"/v1/members/{member_id}/purchases")
    assert r.status_code == 200, r.text
    return r.json()["purchases"]


def test_issued_coupon_travels_with_the_member_and_follows_a_merge(hq_server: HQServer,
                                                                    capsys):
    a = hq_server.register("S01", "T01")
    older = enrol("王芳", "13800000001", T0)
    push(hq_server, a, older)
    code = main(["admin", "issue-coupon", "13800000001", "满100减20", "--amount", "20",
                 "--min-spend", "100", "--days", "14", "--campaign", "双11",
                 "--database-url", hq_server.database_url])
    out = capsys.readouterr().out.split()
    assert code == 0 and valid_short_code(out[0]) == out[0]
    coupons = latest(stream(hq_server, a))[older["entity_id"]]["data"]["coupons"]
    assert [(c["code"], c["title"], c["kind"], c["value"], c["min_spend"], c["campaign"])
            for c in coupons] == [(out[0], "满100减20", "amount_off", 2000, 10000, "双11")]
    valid = [datetime.fromisoformat(coupons[0][k]) for k in ("valid_from", "valid_until")]
    assert valid[1] - valid[0] == timedelta(days=14)
    # a second till enrolls the same person offline with a coupon of its own, then merges
    b = hq_server.register("S02", "T01")
    newer = enrol("王芳", "13900000009", T0 + timedelta(days=1), unionid="wx-u-1")
    push(hq_server, b, newer)
    members_coupon = main(["admin", "issue-coupon", newer["entity_id"], "生日礼",
                           "--kind", "gift", "--database-url", hq_server.database_url])
    assert members_coupon == 0
    capsys.readouterr()
    third = enrol("王芳", "13800000001", T0 + timedelta(days=2), unionid="wx-u-1")
    res = push(hq_server, b, third)[0]  # same phone as older (S01's), same unionid as newer
    assert res["status"] == "conflict" and res["reason"].startswith("member_merge_held:")
    assert member(hq_server, third["entity_id"]).merged_into == newer["entity_id"]  # S02's
    holds = member_holds.pending(hq_server.engine)
    assert [(h["member_id"], h["target_id"], h["kinds"]) for h in holds] == [
        (third["entity_id"], older["entity_id"], "phone")]
    assert main(["admin", "merges", "approve", str(holds[0]["id"]),
                 "--database-url", hq_server.database_url]) == 0  # a person decides
    capsys.readouterr()
    merged = latest(stream(hq_server, a))[older["entity_id"]]["data"]
    assert sorted(c["title"] for c in merged["coupons"]) == ["满100减20", "生日礼"]
    assert member(hq_server, newer["entity_id"]).merged_into == older["entity_id"]


def test_issue_coupon_refuses_bad_input(hq_server: HQServer):
    with pytest.raises(AdminError, match="unknown member"):
        issue(hq_server.engine, "13800009999", "满100减20", value=2000)
    a = hq_server.register("S01", "T01")
    push(hq_server, a, enrol("李雷", "13800000002", T0))
    for kwargs in ({"title": " "}, {"title": "x", "kind": "free_money"},
                   {"title": "x", "kind": "percent_off", "value": 1000},
                   {"title": "x", "days": 0}, {"title": "x", "kind": "amount_off"}):
        with pytest.raises(AdminError):
            issue(hq_server.engine, "13800000002", **kwargs)


def test_merge_adds_the_losers_debt_to_the_survivor(hq_server: HQServer):
    a = hq_server.register("S01", "T01")
    old = enrol("韩梅梅", "13700000001", T0)
    push(hq_server, a, old)
    push(hq_server, a, member_sale(a, old["entity_id"], "S01-T01-000001"))  # earns 127
    late = enrol("韩梅梅", None, T0 + timedelta(days=1), unionid="wx-h")
    push(hq_server, a, late)
    push(hq_server, a, member_sale(a, late["entity_id"], "S01-T01-000002", redeemed=30))
    # late had no points: the 30 are debt; the sale still earns 126
    assert member(hq_server, late["entity_id"]).points_debt == 30
    push(hq_server, a, enrol("韩梅梅", "13700000001", T0 + timedelta(days=2), unionid="wx-h"))
    survivor = member(hq_server, old["entity_id"])
    assert (survivor.points_balance, survivor.points_debt) == (127 + 126, 30)
    assert member(hq_server, late["entity_id"]).points_debt == 0


def test_search_by_id_identifier_and_merged_id(hq_server: HQServer):
    a = hq_server.register("S01", "T01")
    old = enrol("周杰", "13600000001", T0, openid="o-1")
    push(hq_server, a, old)
    late = enrol("周杰", "13600000001", T0 + timedelta(days=1))
    push(hq_server, a, late)
    oid = old["entity_id"]
    for q in (oid, late["entity_id"], "13600000001", "o-1", "周杰 0001"):
        assert [m["id"] for m in search(hq_server, a, q)] == [oid], q
    assert search(hq_server, a, "nobody") == []
    with hq_server.client(a) as c:
        assert c.post("/v1/members/search", json={"q": ""}).status_code == 422
        assert c.post("/v1/members/search", json={"q": "x", "extra": 1}).status_code == 422
        assert c.post("/v1/members/search", json={"q": "x"}).status_code == 422  # too broad
        assert c.post("/v1/members/search", json={"q": "x"},
                      headers={"Authorization": "Bearer nope"}).status_code == 401


def test_purchases_from_every_store_newest_first(hq_server: HQServer):
    a, b = hq_server.register("S01", "T01"), hq_server.register("S02", "T01")
    mem = enrol("陈晨", "13500000001", T0)
    push(hq_server, a, mem)
    mid = mem["entity_id"]
    s1 = member_sale(a, mid, "S01-T01-000001", created_at=T0.isoformat())
    s2 = member_sale(b, mid, "S02-T01-000001",
                     created_at=(T0 + timedelta(days=3)).isoformat())
    push(hq_server, a, s1)
    push(hq_server, b, s2)
    rows = purchases(hq_server, a, mid)
    assert [(r["receipt_no"], r["store_name"]) for r in rows] == [
        ("S02-T01-000001", "Store S02"), ("S01-T01-000001", "Store S01")]
    assert rows[0]["total"] == s2["payload"]["total"]
    assert purchases(hq_server, a, "unknown-member") == []
    with hq_server.engine.connect() as conn:
        assert members.resolve(conn, mid) == mid
