"""The claim API (issue 17 item 1) over real HTTP on SQLite and PostgreSQL: a mini-program
claims a definition's coupon for a member by unionid or phone with an admin token; the same
key answers the first again; the per-member limit and the stock are honoured; the signed code
it hands out redeems online, a tampered one names no coupon."""

from __future__ import annotations

import hashlib
import threading
from typing import Any

import pytest
from sqlalchemy import insert

from hq import models as m
from hq.admin_auth import ENV
from tests.hq.coupons.test_redeem_online import post, redeem_body
from tests.hq.coupons.world import campaign_with_key, definition, member
from tests.hq.server import HQServer

TOKEN = "partner-token-for-coupon-claims-0123456789"


def claim(hq: HQServer, key: str, defn: str, who: str) -> dict[str, Any]:
    with hq.client() as http:
        r = http.post("/v1/admin/coupons/claim", headers={"Authorization": f"Bearer {TOKEN}"},
                      json={"idempotency_key": key, "definition_id": defn, "member": who})
    assert r.status_code == 200, r.text
    return r.json()


def test_claims_are_idempotent_limited_and_redeemable(hq_server: HQServer,
                                                      monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(ENV, hashlib.sha256(TOKEN.encode()).hexdigest())
    device = hq_server.register("S01", "T01")
    campaign_with_key(hq_server, monkeypatch)
    one = member(hq_server, device, "13600000001", unionid="wx-union-1")
    member(hq_server, device, "13600000002")
    defn = definition(hq_server, total_quantity=2, per_member_limit=1)
    got = claim(hq_server, "k1", defn, "wx-union-1")
    assert got["outcome"] == "claimed" and got["member_id"] == one
    assert got["signed_code"].startswith("SFC1.") and len(got["short_code"]) == 10
    assert claim(hq_server, "k1", defn, "wx-union-1") == got  # the first answer again
    assert claim(hq_server, "k2", defn, "13600000001")["reason"] == "claim_limit"
    assert claim(hq_server, "k3", defn, "13600000002")["outcome"] == "claimed"
    assert claim(hq_server, "k4", defn, "13600000003")["reason"] == "member_unknown"
    other = definition(hq_server, total_quantity=1, per_member_limit=0)
    assert claim(hq_server, "k5", other, "13600000002")["outcome"] == "claimed"
    assert claim(hq_server, "k6", other, "13600000001")["reason"] == "out_of_stock"
    with hq_server.client() as http:  # a device token is not an admin token
        r = http.post("/v1/admin/coupons/claim", headers=device.headers,
                      json={"idempotency_key": "k7", "definition_id": defn, "member": one})
    assert r.status_code == 401

    code = got["signed_code"]
    tampered = code[:-3] + ("A" if code[-3] != "A" else "B") + code[-2:]
    refused = post(hq_server, device, "/v1/coupons/redeem", redeem_body("r0", tampered, "R0",
                   gift_redemption_id="g0", sale_id=None, unit_code="SFU:GIFT-MUG:1"))
    assert refused["reason"] == "coupon_unknown"
    with hq_server.engine.begin() as conn:  # a mug HQ knows was sold at another till
        conn.execute(insert(m.Unit.__table__), {
            "id": "u-sold", "unit_key": "SFU:GIFT-MUG:SOLD", "product_id": "p-mug",
            "serial": "SOLD", "state": "sold", "store_id": device.store_id})
    sold = post(hq_server, device, "/v1/coupons/redeem", redeem_body(
        "r2", code, "", gift_redemption_id="g2", sale_id=None, unit_code="SFU:GIFT-MUG:SOLD"))
    assert (sold["outcome"], sold["reason"]) == ("refused", "gift_unit_unavailable")
    done = post(hq_server, device, "/v1/coupons/redeem", redeem_body(
        "r1", code.lower(), "", gift_redemption_id="g1", sale_id=None, member_id=one))
    assert done["outcome"] == "redeemed" and done["code_kind"] == "signed"
    assert done["coupon"]["gift_sku"] == "GIFT-MUG" and done["coupon"]["kind"] == "gift"


def test_concurrent_claims_keep_the_limit_and_the_stock(hq_server: HQServer,
                                                        monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(ENV, hashlib.sha256(TOKEN.encode()).hexdigest())
    device = hq_server.register("S01", "T01")
    campaign_with_key(hq_server, monkeypatch)
    phones = [f"1360000010{i}" for i in range(8)]
    for phone in phones:
        member(hq_server, device, phone)
    limited = definition(hq_server, per_member_limit=1)
    scarce = definition(hq_server, per_member_limit=0, total_quantity=3)
    got: dict[str, list[str]] = {"same": [], "stock": []}
    start = threading.Barrier(16)

    def one(i: int) -> None:
        start.wait()
        if i < 8:  # eight keys, one member, a limit of one
            got["same"].append(claim(hq_server, f"s{i}", limited, phones[0])["outcome"])
        else:  # eight members, three coupons
            got["stock"].append(claim(hq_server, f"t{i}", scarce, phones[i - 8])["outcome"])

    threads = [threading.Thread(target=one, args=(i,)) for i in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(got["same"]) == ["claimed"] + ["refused"] * 7
    assert sorted(got["stock"]) == ["claimed"] * 3 + ["refused"] * 5
