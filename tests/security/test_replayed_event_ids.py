"""Idempotency (issue 13): the same event_id replayed with a different payload was
silently `duplicate`; event ids were one global namespace, so device B pushing an id device
A used got A's answer and its sale was dropped. Hardened (Stripe's rule): ids are each
device's own, and a changed replay is a listed conflict that changes nothing."""

from __future__ import annotations

import copy

from sqlalchemy import select

from hq import models as hm
from tests.security.conftest import changed, digest
from tests.security.value_world import exceptions_for, push, sale, two_stores

DIFFERS = "conflict: payload differs from first delivery"


def test_a_replay_with_another_payload_is_a_listed_conflict_and_changes_nothing(hq, tmp_path):
    world = two_stores(hq, tmp_path)
    first = sale(world.attacker, 350)
    assert push(hq, world.attacker, first)[0]["status"] == "accepted"
    before = digest(hq.engine, skip=("event", "exception"))
    forged = copy.deepcopy(first)
    forged["payload"]["lines"][0]["name"] = "something else"
    res = push(hq, world.attacker, forged)[0]
    assert (res["status"], res["reason"]) == ("conflict", DIFFERS)
    assert changed(before, digest(hq.engine, skip=("event", "exception"))) == []
    assert exceptions_for(hq, first["event_id"]) == [("conflict", DIFFERS)]
    assert push(hq, world.attacker, first)[0]["status"] == "duplicate"  # a true retry


def test_another_device_reusing_an_event_id_gets_its_own_sale_applied(hq, tmp_path):
    world = two_stores(hq, tmp_path)
    mine = sale(world.victim_till, 350)
    mine["payload"]["receipt_no"] = "S02-T01-999001"
    assert push(hq, world.victim_till, mine)[0]["status"] == "accepted"
    theirs = sale(world.attacker, 990)
    theirs["event_id"] = mine["event_id"]
    assert push(hq, world.attacker, theirs)[0]["status"] == "accepted"
    with hq.engine.connect() as conn:
        stored = dict(conn.execute(select(hm.Sale.id, hm.Sale.total).where(
            hm.Sale.event_id == mine["event_id"])).all())
    assert stored == {mine["entity_id"]: 350, theirs["entity_id"]: 990}
