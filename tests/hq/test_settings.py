"""HQ's member-day calendar is read with the till's own domain rule, and a calendar a till
would refuse is refused at HQ's command line, before anything is published."""

from __future__ import annotations

import pytest

from hq.admin import AdminError
from hq.settings import parse_rule
from pos_app import i18n
from pos_app.domain.member_days import MemberDays


def test_hq_reads_the_calendar_as_the_till_does():
    assert parse_rule("8, 18、28", "3", "×1.5") == MemberDays((8, 18, 28), (3,), 1500)


@pytest.mark.parametrize(("days", "weekdays", "times", "words"), [
    ("32", "", "2", "1 to 31"),
    ("", "8", "2", "Monday"),
    ("8", "", "11", "from 1 to 10"),
])
def test_a_calendar_a_till_would_refuse_is_an_admin_error_with_the_reason(
        days, weekdays, times, words):
    i18n.set_language("en")
    with pytest.raises(AdminError, match=words):
        parse_rule(days, weekdays, times)
