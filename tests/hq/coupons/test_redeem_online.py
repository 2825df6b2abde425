"""Online redemption at HQ over real HTTP, on SQLite and PostgreSQL (issue 17 Must hold):
20 tills' threads redeem one coupon at once → exactly one redeemed, 19 told where, which
receipt and when it was redeemed; a retry with a key gets its first answer again; a release
gives a voided sale's coupon back; refusals write nothing."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select

from hq import models as m
from hq.coupons import issue
from tests.hq.builders import enrol, push
from tests.hq.server import Device, HQServer
from tests.hq.test_members import T0

NOW = datetime.now(UTC).isoformat()


def redeem_body(key: str, code: str, receipt: str, **extra: Any) -> dict[str, Any]:
    return {"idempotency_key": key, "code": code, "sale_id": f"sale-{key}",
            "receipt_no": receipt, "redeemed_at": NOW, **extra}


def post(hq: HQServer, device: Device, path: str, body: dict[str, Any]) -> dict[str, Any]:
    with hq.client(device) as http:
        r = http.post(path, json=body)
    assert r.status_code == 200, r.text
    return r.json()


def a_member_with_a_coupon(hq: HQServer, device: Device) -> tuple[str, str]:
    member = enrol("李雷", "13700000001", T0)
    push(hq, device, member)
    coupon = issue(hq.engine, "13700000001", "满100减20", value=2000, min_spend=10000)
    return coupon.code, coupon.id


def count(hq: HQServer, table: Any) -> int:
    with hq.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def test_twenty_concurrent_redemptions_one_wins(hq_server: HQServer):
    device = hq_server.register("S01", "T01")
    code, coupon_id = a_member_with_a_coupon(hq_server, device)
    answers: list[dict[str, Any]] = [{}] * 20
    start = threading.Barrier(20)

    def one(i: int) -> None:
        start.wait()
        answers[i] = post(hq_server, device, "/v1/coupons/redeem",
                          redeem_body(f"key-{i}", code.lower(), f"S01-T01-{i:06d}"))

    threads = [threading.Thread(target=one, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    won = [a for a in answers if a["outcome"] == "redeemed"]
    lost = [a for a in answers if a["outcome"] == "already_redeemed"]
    assert len(won) == 1 and len(lost) == 19, [a.get("outcome") for a in answers]
    first = won[0]["first"]
    assert first["store_code"] == "S01" and won[0]["coupon_id"] == coupon_id
    assert all(a["first"] == first for a in lost)
    assert all(a["message"].startswith(f"already redeemed at S01, {first['receipt_no']}, ")
               for a in lost)
    assert count(hq_server, m.CouponRedemption.__table__) == 1
    # the same key again: the first answer, word for word (winner and a loser alike)
    winner_key = f"key-{answers.index(won[0])}"
    receipt = won[0]["first"]["receipt_no"]
    again = post(hq_server, device, "/v1/coupons/redeem",
                 redeem_body(winner_key, code, receipt))
    assert again == won[0]
    loser = answers.index(lost[0])
    assert post(hq_server, device, "/v1/coupons/redeem",
                redeem_body(f"key-{loser}", code.lower(), f"S01-T01-{loser:06d}")) == lost[0]
    # the same key with another request is refused, nothing written
    reused = post(hq_server, device, "/v1/coupons/redeem",
                  redeem_body(winner_key, code, "S01-T01-999999"))
    assert reused["outcome"] == "refused" and reused["reason"] == "idempotency_reused"
    with hq_server.engine.connect() as conn:
        assert conn.execute(select(m.Coupon.__table__.c.status)).scalar_one() == "redeemed"


def test_release_gives_the_coupon_back_and_refusals_write_nothing(hq_server: HQServer):
    device = hq_server.register("S01", "T01")
    other = hq_server.register("S02", "T01")
    code, _ = a_member_with_a_coupon(hq_server, device)
    before = count(hq_server, m.CouponRedemption.__table__)
    unknown = post(hq_server, device, "/v1/coupons/redeem", redeem_body("k0", "0000000000", ""))
    assert unknown["outcome"] == "refused" and unknown["reason"] == "coupon_unknown"
    wrong = post(hq_server, device, "/v1/coupons/redeem",
                 redeem_body("k1", code, "", member_id="someone-else"))
    assert wrong["reason"] == "coupon_wrong_member"
    assert count(hq_server, m.CouponRedemption.__table__) == before
    held = post(hq_server, device, "/v1/coupons/redeem", redeem_body("k2", code, "R-1"))
    assert held["outcome"] == "redeemed" and held["coupon"]["value"] == 2000
    # another device cannot release it; its own device can, and it may be redeemed again
    assert post(hq_server, other, "/v1/coupons/release",
                {"idempotency_key": "k2"})["reason"] == "redemption_unknown"
    assert post(hq_server, device, "/v1/coupons/release",
                {"idempotency_key": "k2"})["outcome"] == "released"
    again = post(hq_server, other, "/v1/coupons/redeem", redeem_body("k3", code, "S02-1"))
    assert again["outcome"] == "redeemed" and again["first"]["store_code"] == "S02"
