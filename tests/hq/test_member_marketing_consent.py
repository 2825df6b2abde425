"""Marketing consent is the customer's own answer, apart from the membership terms: HQ
stores what a till's enrolment says, the latest enrolment's answer wins on a merge, the
members stream carries it to the tills, and an erasure clears it. Older tills that do not
send it are still accepted (no marketing consent)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.hq.builders import enrol, push
from tests.hq.server import HQServer
from tests.hq.test_members import latest, member, stream

T0 = datetime(2026, 3, 1, tzinfo=UTC)


def test_hq_stores_marketing_consent_and_streams_it(hq_server: HQServer):
    till = hq_server.register("S01", "T01")
    yes = enrol("陈静", "13800000011", T0, marketing_consent=True)
    no = enrol("李雷", "13800000012", T0)  # a till from before the column: not sent
    assert [r["status"] for r in push(hq_server, till, yes, no)] == ["accepted", "accepted"]
    assert member(hq_server, yes["entity_id"]).marketing_consent is True
    assert member(hq_server, no["entity_id"]).marketing_consent is False
    rows = latest(stream(hq_server, till))
    assert rows[yes["entity_id"]]["data"]["marketing_consent"] is True
    assert rows[no["entity_id"]]["data"]["marketing_consent"] is False
    assert rows[yes["entity_id"]]["data"]["consent"] is True  # the terms, separately


def test_the_latest_enrolment_answer_wins_on_a_merge(hq_server: HQServer):
    till = hq_server.register("S01", "T01")
    first = enrol("王芳", "13800000013", T0, marketing_consent=True)
    again = enrol("王芳", "13800000013", T0 + timedelta(days=2), marketing_consent=False)
    push(hq_server, till, first)
    assert push(hq_server, till, again)[0]["reason"] == f"merged into {first['entity_id']}"
    assert member(hq_server, first["entity_id"]).marketing_consent is False


def test_an_erased_member_keeps_no_consent(hq_server: HQServer):
    from hq.retention import erase_member

    till = hq_server.register("S01", "T01")
    yes = enrol("陈静", "13800000014", T0, marketing_consent=True)
    push(hq_server, till, yes)
    erase_member(hq_server.engine, yes["entity_id"])
    row = member(hq_server, yes["entity_id"])
    assert (row.consent, row.marketing_consent) == (False, False)
