"""Brand-wide personal data (issue 13), tried from S01's till token: 104 one- and
two-character searches used to return every member of another store (name, full phone,
birthday, openid, points, coupon codes) in 0.7 s, unaudited; any member's purchases were
readable. Hardened: exact identifiers only, masked outside the store's region, quotas,
an audit row per look-up, history only of the region's members."""

from __future__ import annotations

import json

from sqlalchemy import select

from hq import models as hm
from tests.security.value_world import (
    VICTIM_OPENID,
    VICTIM_PHONE,
    two_stores,
)
from tests.security.world import raw

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢"
            "宋唐许韩冯邓曹彭曾萧田董潘袁于蒋蔡余杜叶程")
# one character each, then two: 104 queries as the attack sent them
QUERIES = [*SURNAMES, *"0123456789", *(a + b for a in SURNAMES[:2] for b in SURNAMES)][:104]


def _audit(hq) -> list[tuple[str, str, list[str]]]:  # type: ignore[no-untyped-def]
    t = hm.MemberAccess.__table__
    with hq.engine.connect() as conn:
        return [(r.action, r.how, json.loads(r.member_ids))
                for r in conn.execute(select(t).order_by(t.c.id))]


def test_a_hundred_short_searches_harvest_nobody_and_hit_the_quota(hq, tmp_path):
    world = two_stores(hq, tmp_path)
    assert len(QUERIES) == 104 and {len(q) for q in QUERIES} == {1, 2}
    answers = []
    with raw(hq, world.attacker) as client:
        for q in QUERIES:
            r = client.post("/v1/members/search", json={"q": q})
            answers.append(r)
    codes = [r.status_code for r in answers]
    assert set(codes) == {422, 429} and codes[:20] == [422] * 20  # refused, then throttled
    assert all(r.json()["detail"] == "search_too_broad" for r in answers if r.status_code == 422)
    throttled = next(r for r in answers if r.status_code == 429)
    assert 1 <= int(throttled.headers["Retry-After"]) <= 61
    assert not any("members" in r.json() for r in answers)  # not one member came back
    audit = _audit(hq)
    assert len(audit) == 104 and {how for _, how, _ in audit} == {"refused", "throttled"}


def test_an_exact_phone_finds_another_stores_member_masked(hq, tmp_path):
    world = two_stores(hq, tmp_path)
    with raw(hq, world.attacker) as client:
        found = client.post("/v1/members/search", json={"q": VICTIM_PHONE}).json()["members"]
    assert [m["id"] for m in found] == [world.victim]
    shown = found[0]
    assert (shown["phone"], shown["birthday"], shown["coupons"]) == (None, None, [])
    kinds = {i["kind"] for i in shown["identifiers"]}
    assert kinds == {"card"} and VICTIM_OPENID not in json.dumps(shown)
    assert VICTIM_PHONE not in json.dumps(shown)
    assert _audit(hq) == [("search", "identifier", [world.victim])]
    # the victim's own store sees the whole row
    with raw(hq, world.victim_till) as client:
        own = client.post("/v1/members/search", json={"q": VICTIM_PHONE}).json()["members"]
    assert own[0]["phone"] == VICTIM_PHONE and own[0]["coupons"]


def test_purchases_of_another_stores_member_are_refused_and_audited(hq, tmp_path):
    world = two_stores(hq, tmp_path)
    with raw(hq, world.attacker) as client:
        r = client.get(f"/v1/members/{world.victim}/purchases")
    assert (r.status_code, r.json()["detail"]) == (403, "member_not_in_store")
    with raw(hq, world.victim_till) as client:
        r = client.get(f"/v1/members/{world.victim}/purchases")
    assert r.status_code == 200 and len(r.json()["purchases"]) == 1
    assert _audit(hq) == [("purchases", "refused", [world.victim]),
                          ("purchases", "id", [world.victim])]
