"""Members at HQ: enrolment and duplicate merging, the points ledger and overdrafts, tiers,
the per-store `members` stream with redirect tombstones, and the online search.

Runs on SQLite and PostgreSQL (the hq_server fixture)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from hq import members_points
from hq import models as m
from hq.changes import prune_change_log
from pos_app.domain.tiers import tier_for_spend
from tests.hq.builders import enrol, event, member_sale, new_id, push, sale_payload
from tests.hq.server import Device, HQServer

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def stream(hq: HQServer, device: Device) -> list[dict[str, Any]]:
    with hq.client(device) as c:
        return c.get("/v1/changes", params={"stream": "members", "cursor": 0}).json()["changes"]


def latest(changes: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for ch in changes:
        out[ch["key"]] = ch
    return out


def member(hq: HQServer, member_id: str) -> Any:
    with hq.engine.connect() as conn:
        return conn.execute(select(m.Member.__table__).where(m.Member.id == member_id)).one()


def ledger(hq: HQServer, member_id: str) -> list[tuple[str, int]]:
    t = m.PointsLedger.__table__
    with hq.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(  # type: ignore[misc]
            select(t.c.reason, t.c.delta).where(t.c.member_id == member_id).order_by(t.c.id))]


def test_tiers_from_lifetime_spend():
    assert [tier_for_spend(f) for f in (0, 199_999, 200_000, 999_999, 1_000_000,
                                          4_999_999, 5_000_000)] == [
        "regular", "regular", "silver", "silver", "gold", "gold", "diamond"]


def test_enrol_then_duplicate_phone_merges_into_oldest(hq_server: HQServer):
    a = hq_server.register("S01", "T01")
    old = enrol("王芳", "13800000001", T0, card_no="C-1")
    assert push(hq_server, a, old)[0] == {"event_id": old["event_id"], "status": "accepted",
                                         "reason": ""}
    # a till enrolled the same phone offline, later: merged into the existing member
    dup = enrol("王芳芳", "13800000001", T0 + timedelta(days=3), birthday="1990-05-04",
                unionid="u-1")
    res = push(hq_server, a, dup)[0]
    assert res["status"] == "accepted" and res["reason"] == f"merged into {old['entity_id']}"
    kept, gone = member(hq_server, old["entity_id"]), member(hq_server, dup["entity_id"])
    assert (kept.name, kept.phone, kept.card_no, kept.birthday) == (
        "王芳", "13800000001", "C-1", "1990-05-04")
    assert (gone.merged_into, gone.phone) == (old["entity_id"], None)
    rows = latest(stream(hq_server, a))
    assert rows[dup["entity_id"]]["op"] == "delete"
    assert rows[dup["entity_id"]]["data"] == {"merged_into": old["entity_id"]}
    data = rows[old["entity_id"]]["data"]
    assert {(i["kind"], i["value"]) for i in data["identifiers"]} == {
        ("phone", "13800000001"), ("card", "C-1"), ("unionid", "u-1")}
    # a third enrolment whose till clock says it is OLDER than both: HQ saw it last, so it
    # is merged in — a till's clock never decides who survives
    older = enrol("Fang Wang", None, T0 - timedelta(days=1), unionid="u-1")
    res = push(hq_server, a, older)[0]
    assert res == {"event_id": older["event_id"], "status": "accepted",
                   "reason": f"merged into {old['entity_id']}"}
    assert member(hq_server, older["entity_id"]).merged_into == old["entity_id"]
    assert member(hq_server, old["entity_id"]).merged_into is None
    assert member(hq_server, old["entity_id"]).phone == "13800000001"
    assert push(hq_server, a, older)[0]["status"] == "duplicate"
    # a sale naming a merged provisional id lands on the survivor
    s = member_sale(a, dup["entity_id"], "S01-T01-000001", earned=127)
    assert push(hq_server, a, s)[0]["status"] == "accepted"
    with hq_server.engine.connect() as conn:
        assert conn.execute(select(m.Sale.member_id).where(m.Sale.id == s["entity_id"])
                            ).scalar() == old["entity_id"]
    assert member(hq_server, old["entity_id"]).points_balance == 127


def test_points_ledger_tiers_and_overdraft(hq_server: HQServer):
    a, b = hq_server.register("S01", "T01"), hq_server.register("S01", "T02")
    mem = enrol("李雷", "13900000002", T0)
    push(hq_server, a, mem)
    mid = mem["entity_id"]
    first = member_sale(a, mid, "S01-T01-000001")  # ¥127 earns 127 points
    assert push(hq_server, a, first)[0]["status"] == "accepted"
    # two tills redeem offline against a balance of 127: 100 (earning 126) and 200 (125)
    ra = member_sale(a, mid, "S01-T01-000002", redeemed=100)
    rb = member_sale(b, mid, "S01-T02-000001", redeemed=200)
    assert push(hq_server, a, ra)[0]["status"] == "accepted"
    res = push(hq_server, b, rb)[0]
    assert res["status"] == "conflict" and res["reason"].startswith("points_overdrawn:")
    assert "47 not covered" in res["reason"]
    assert push(hq_server, b, rb)[0] == res  # sticky
    row = member(hq_server, mid)
    # never negative: the 153 left are spent, the 47 beyond are a separate, flagged debt
    assert (row.points_balance, row.points_debt) == (0 + 125, 47)
    assert ledger(hq_server, mid) == [("earned", 127), ("redeemed", -100), ("earned", 126),
                                      ("redeemed", -153), ("debt", -47), ("earned", 125)]
    with hq_server.engine.connect() as conn:
        assert members_points.ledger_balance(conn, mid) == row.points_balance
        assert members_points.ledger_debt(conn, mid) == row.points_debt
        sales = set(conn.execute(select(m.Sale.id)).scalars())
        exc = conn.execute(select(m.SyncException.kind)
                           .where(m.SyncException.event_id == rb["event_id"])).scalars().all()
    assert rb["entity_id"] in sales and exc == ["points_overdrawn"]
    assert row.lifetime_spend == 3 * 12700 and row.tier == "regular"
    data = latest(stream(hq_server, a))[mid]["data"]
    assert (data["points_balance"], data["points_debt"]) == (125, 47)


def test_tier_rises_with_spend_and_unknown_member_is_flagged(hq_server: HQServer):
    a = hq_server.register("S01", "T01")
    mem = enrol("韩梅梅", "13700000003", T0)
    push(hq_server, a, mem)
    for n in range(16):  # 16 × ¥127 = ¥2,032 → silver
        push(hq_server, a, member_sale(a, mem["entity_id"], f"S01-T01-{n:06d}"))
    assert member(hq_server, mem["entity_id"]).tier == "silver"
    ghost = member_sale(a, "no-such-member", "S01-T01-999999", earned=5)
    res = push(hq_server, a, ghost)[0]
    assert res["status"] == "conflict" and res["reason"].startswith("member_unknown:")
    with hq_server.engine.connect() as conn:
        assert conn.execute(select(m.Sale.id).where(m.Sale.id == ghost["entity_id"])).first()


def test_stream_is_per_store_region(hq_server: HQServer):
    a, other = hq_server.register("S01", "T01"), hq_server.register("S02", "T01")
    mem = enrol("张伟", "13600000004", T0)
    push(hq_server, a, mem)
    assert mem["entity_id"] in latest(stream(hq_server, a))
    assert stream(hq_server, other) == []
    push(hq_server, other, member_sale(other, mem["entity_id"], "S02-T01-000001"))
    seen = latest(stream(hq_server, other))[mem["entity_id"]]
    assert seen["op"] == "upsert" and seen["data"]["points_balance"] == 127
    # pruning keeps one row per store of a member, and its redirects
    dup = enrol("张伟", "13600000004", T0 + timedelta(days=1))
    push(hq_server, a, dup)
    with hq_server.engine.begin() as conn:
        head = conn.execute(select(m.ChangeLog.cursor).order_by(m.ChangeLog.cursor.desc())
                            ).scalars().first()
        prune_change_log(conn, head)
    for device in (a, other):
        rows = latest(stream(hq_server, device))
        assert rows[mem["entity_id"]]["data"]["points_balance"] == 127
    assert latest(stream(hq_server, a))[dup["entity_id"]]["op"] == "delete"


@pytest.mark.parametrize("change, why", [
    ({"phone": None}, "needs a phone"),
    ({"phone": "138-0000"}, "phone"),
    ({"birthday": "1990-13-01"}, "birthday"),
    ({"name": ""}, "name"),
    ({"name": "   "}, "name is blank"),
    ({"points": 5}, "points"),
    ({"created_at": "2026-01-01T00:00:00"}, "created_at"),
    ({"consent": "yes"}, "consent"),
])
def test_bad_member_payloads_are_rejected(hq_server: HQServer, change: dict[str, Any], why: str):
    a = hq_server.register("S01", "T01")
    ev = enrol("坏数据", "13500000005", T0)
    ev["payload"].update(change)
    res = push(hq_server, a, ev)[0]
    assert res["status"] == "rejected" and why in res["reason"], res
    with hq_server.engine.connect() as conn:
        assert conn.execute(select(m.Member.id)).first() is None


def test_bad_member_sales_and_envelopes_are_rejected(hq_server: HQServer):
    a = hq_server.register("S01", "T01")
    ev = enrol("甲", "13500000006", T0)
    ev["entity_id"] = "another-id"
    assert "entity_id" in push(hq_server, a, ev)[0]["reason"]
    p = sale_payload(a.terminal_id)
    p["points_earned"] = 10
    res = push(hq_server, a, event("sale.completed", p["id"], p))[0]
    assert res["status"] == "rejected" and "points without member_id" in res["reason"]
    p = sale_payload(a.terminal_id, receipt_no="S01-T01-000002")
    p.update(member_id="x", points_redeemed=-5)
    assert push(hq_server, a, event("sale.completed", p["id"], p))[0]["status"] == "rejected"
    again = enrol("乙", "13500000007", T0)
    assert push(hq_server, a, again)[0]["status"] == "accepted"
    twice = event("member.enrolled", again["entity_id"], again["payload"])  # new event id
    res = push(hq_server, a, twice)[0]
    assert res["status"] == "conflict" and "already enrolled" in res["reason"]


def test_card_held_by_another_member_is_flagged_not_lost(hq_server: HQServer):
    a = hq_server.register("S01", "T01")
    push(hq_server, a, enrol("甲", "13400000001", T0, card_no="CARD-9"))
    ev = enrol("乙", "13400000002", T0, card_no="CARD-9")
    res = push(hq_server, a, ev)[0]
    assert res["status"] == "conflict" and res["reason"].startswith("member_identifier_taken")
    assert "CARD-9" not in res["reason"]  # ids only: the card is someone else's data
    row = member(hq_server, ev["entity_id"])
    assert (row.phone, row.card_no) == ("13400000002", None)


def test_search(hq_server: HQServer):
    a = hq_server.register("S01", "T01")
    push(hq_server, a, enrol("王芳", "13800000011", T0, card_no="C-11"),
         *[enrol(f"王{n}", f"1380000{n:04d}", T0) for n in range(100, 130)])
    dup = enrol("王芳", "13800000011", T0 + timedelta(days=1))
    push(hq_server, a, dup)
    with hq_server.client(a) as c:
        def names(q: str) -> list[str]:
            r = c.post("/v1/members/search", json={"q": q})
            assert r.status_code == 200, r.text
            return [mm["name"] for mm in r.json()["members"]]
        assert names("13800000011") == ["王芳"]
        assert names("C-11") == ["王芳"]
        assert names("王芳 0011") == names("0011 王芳") == ["王芳"]  # not the merged duplicate
        assert names("王芳 9999") == [] and names("nobody") == []
        for broad in ("芳", "王", "100%", "_", "王芳"):  # fragments and bare names: refused
            r = c.post("/v1/members/search", json={"q": broad})
            assert (r.status_code, r.json()["detail"]) == (422, "search_too_broad"), broad
        assert c.post("/v1/members/search", json={"q": ""}).status_code == 422
        assert c.post("/v1/members/search").status_code == 422
        assert c.get("/v1/members/search", params={"q": "王"}).status_code == 405
    with hq_server.client() as anon:
        assert anon.post("/v1/members/search", json={"q": "王"}).status_code == 401


def _member_return(device: Device, sale: dict[str, Any], reversed_: int, whole: bool = False
                   ) -> dict[str, Any]:
    """A return of the cola line (2 × ¥3.50), or of the `whole` sale, refunded to cash."""
    s = sale["payload"]
    picked = s["lines"] if whole else s["lines"][:1]
    total = sum(ln["net"] for ln in picked)
    rid = new_id()
    ret = {"id": rid, "return_no": "S01-T01-R000001", "sale_id": s["id"],
           "receipt_no": s["receipt_no"], "terminal_id": device.terminal_id,
           "shift_id": "shift-1", "staff_id": "c1", "approved_by": None,
           "created_at": datetime.now(UTC).isoformat(), "refund_total": total,
           "to_cash": False, "reason": "",
           "lines": [{"id": new_id(), "sale_line_id": ln["id"], "product_id": ln["product_id"],
                      "quantity": ln["quantity"], "amount": ln["net"],
                      "unit_code": ln["unit_code"]} for ln in picked],
           "refunds": [{"line_no": 1, "kind": "cash", "amount": total, "reference": ""}],
           "member_id": s["member_id"], "points_reversed": reversed_, "points_refunded": 0}
    if whole and any(ln["unit_code"] for ln in picked):
        ret["unit_moves"] = [{"unit_key": ln["unit_code"], "unit_id": new_id(), "from": f,
                              "to": t} for ln in picked if ln["unit_code"]
                             for f, t in (("sold", "returned"), ("returned", "in_stock"))]
    return event("return.completed", rid, ret)


def test_member_return_takes_points_back(hq_server: HQServer):
    a = hq_server.register("S01", "T01")
    mem = enrol("退货", "13300000001", T0)
    push(hq_server, a, mem)
    sale = member_sale(a, mem["entity_id"], "S01-T01-000001", earned=127)
    push(hq_server, a, sale)
    net = sale["payload"]["lines"][0]["net"]
    assert push(hq_server, a, _member_return(a, sale, 7))[0]["status"] == "accepted"
    row = member(hq_server, mem["entity_id"])
    assert (row.points_balance, row.lifetime_spend) == (120, 12700 - net)
    assert ledger(hq_server, mem["entity_id"])[-1] == ("reversed", -7)


def test_return_of_points_already_spent_never_goes_negative(hq_server: HQServer):
    a = hq_server.register("S01", "T01")
    mem = enrol("花光", "13300000002", T0)
    mid = mem["entity_id"]
    push(hq_server, a, mem)
    sale = member_sale(a, mid, "S01-T01-000001", earned=127)
    spend = member_sale(a, mid, "S01-T01-000002", redeemed=127, small=True)  # earns 5
    push(hq_server, a, sale, spend)
    res = push(hq_server, a, _member_return(a, sale, 127, whole=True))[0]
    assert res["status"] == "conflict" and "points_overdrawn: " in res["reason"]
    row = member(hq_server, mid)
    assert (row.points_balance, row.points_debt) == (0, 122)
    assert ledger(hq_server, mid)[-2:] == [("reversed", -5), ("debt", -122)]
    with hq_server.engine.connect() as conn:
        assert members_points.ledger_balance(conn, mid) == 0
        assert members_points.ledger_debt(conn, mid) == 122
