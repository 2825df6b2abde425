"""Identity on the till's word (issue 13), replayed from S01's till token: HQ decides who
a member is, where they belong, and who may tag them.

- `member.enrolled` with S02's member's phone and a `created_at` in 2001 (it used to become
  the merge survivor and take the phone, balance and coupons);
- `home_store_id` naming another store (it planted members in that store's stream);
- `member.tagged` on another store's member (it pulled that member, phone included, into
  the tagging store's stream)."""

from __future__ import annotations

import uuid

from hq import member_holds
from hq import models as hm
from tests.security.value_world import (
    VICTIM_PHONE,
    event,
    exceptions_for,
    member_state,
    push,
    stream_keys,
    two_stores,
)


def _enrolment(**fields) -> dict:  # type: ignore[no-untyped-def]
    p = {"id": str(uuid.uuid4()), "name": "攻击者", "phone": None, "card_no": None,
         "birthday": None, "gender": "", "consent": True, "home_store_id": None,
         "enrolled_by": None, "created_at": "2001-01-01T00:00:00+00:00", **fields}
    return event("member.enrolled", p["id"], p)


def test_an_old_dated_enrolment_with_a_victims_phone_takes_nothing(hq, tmp_path):
    world = two_stores(hq, tmp_path)
    before = member_state(hq, world.victim)
    forged = _enrolment(phone=VICTIM_PHONE)
    res = push(hq, world.attacker, forged)[0]
    assert res["status"] == "conflict" and res["reason"].startswith("member_merge_held:")
    assert VICTIM_PHONE not in res["reason"] and "林晓" not in res["reason"]  # ids only
    assert member_state(hq, world.victim) == before  # phone, balance, coupons: untouched
    seen = stream_keys(hq, world.attacker)
    assert world.victim not in seen
    assert seen[forged["entity_id"]]["phone"] is None and seen[forged["entity_id"]][
        "points_balance"] == 0
    held = member_holds.pending(hq.engine)
    assert [(h["member_id"], h["target_id"], h["kinds"]) for h in held] == [
        (forged["entity_id"], world.victim, "phone")]
    assert [k for k, _ in exceptions_for(hq, forged["event_id"])] == ["merge_held"]
    # a person rejects it: the two stay apart, the victim as it was
    member_holds.reject(hq.engine, held[0]["id"])
    assert member_holds.pending(hq.engine) == []
    assert member_state(hq, world.victim) == before


def test_home_store_is_the_devices_store_whatever_the_payload_says(hq, tmp_path):
    world = two_stores(hq, tmp_path)
    planted = _enrolment(phone="13700000777", home_store_id=world.victim_till.terminal.store_id)
    assert push(hq, world.attacker, planted)[0]["status"] == "accepted"
    assert member_state(hq, planted["entity_id"])["member"][0][
        list(hm.Member.__table__.c.keys()).index("home_store_id")] == \
        world.attacker.terminal.store_id
    assert planted["entity_id"] not in stream_keys(hq, world.victim_till)
    assert planted["entity_id"] in stream_keys(hq, world.attacker)


def test_tagging_another_stores_member_is_refused_and_pulls_nothing_in(hq, tmp_path):
    world = two_stores(hq, tmp_path)
    before = member_state(hq, world.victim)
    tag = event("member.tagged", world.victim, {"id": world.victim, "tag": "VIP", "by": None})
    res = push(hq, world.attacker, tag)[0]
    assert res["status"] == "conflict" and "member_not_in_store" in res["reason"]
    assert member_state(hq, world.victim) == before
    assert world.victim not in stream_keys(hq, world.attacker)
