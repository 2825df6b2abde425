"""Enrolment asks for the membership terms as an active opt-in (PIPL) and for marketing
separately: without the terms nothing is saved and the message says why; the marketing
answer is stored on its own and sent to HQ. The checks a dialog runs as the person types
are the service's own."""

from __future__ import annotations

import json

import pytest

from pos_app.errors import PosError
from pos_app.services.members import MemberService, enrolment_field_error
from tests.db_reads import rows


@pytest.fixture
def members(world) -> MemberService:
    return MemberService(world.engine, world.terminal)


def test_no_enrolment_without_the_terms_and_the_message_says_so(members, world):
    with pytest.raises(PosError) as refused:
        members.enroll("陈静", "13812345678", world.guide, consent=False,
                       marketing_consent=True)
    assert refused.value.code == "member_consent_required"
    assert "membership terms" in refused.value.message()
    assert rows(world.path, "SELECT count(*) FROM member") == [(0,)]
    assert rows(world.path, "SELECT count(*) FROM outbox_event WHERE type = 'member.enrolled'"
                ) == [(0,)]


@pytest.mark.parametrize("marketing", [True, False])
def test_marketing_consent_is_stored_and_sent_on_its_own(members, world, marketing):
    member = members.enroll("陈静", "13812345678", world.guide, consent=True,
                            marketing_consent=marketing)
    assert rows(world.path, f"SELECT consent, marketing_consent FROM member WHERE id = "
                f"'{member.id}'") == [(1, int(marketing))]
    [(payload,)] = rows(world.path, "SELECT payload FROM outbox_event"
                                    " WHERE type = 'member.enrolled'")
    sent = json.loads(payload)
    assert (sent["consent"], sent["marketing_consent"]) == (True, marketing)


@pytest.mark.parametrize("field, value, reason", [
    ("name", "  ", "Type the member's name."),
    ("phone", "1381234", "mobile number"),
    ("phone", "12812345678", "mobile number"),
    ("card", "C1", "4 to 48"),
    ("birthday", "1990-13-01", "1990-05-31"),
    ("birthday", "2999-01-01", "1990-05-31"),
])
def test_a_bad_field_says_why_as_it_is_typed(field, value, reason):
    assert reason in (enrolment_field_error(field, value) or "")


@pytest.mark.parametrize("field, value", [
    ("name", "陈静"), ("phone", "+86 138-1234-5678"), ("card", ""), ("card", "C0001"),
    ("birthday", ""), ("birthday", "1990-05-31"),
])
def test_good_and_optional_empty_fields_pass(field, value):
    assert enrolment_field_error(field, value) is None
