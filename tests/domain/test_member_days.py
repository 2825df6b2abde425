"""Member days: which dates multiply points, and parsing what a manager types."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos_app.domain.member_days import (
    MemberDays,
    is_member_day,
    multiplier_text,
    parse_day_list,
    parse_multiplier,
    permille_on,
)
from pos_app.errors import PosError

MONTHLY = MemberDays(days_of_month=(8, 18, 28), multiplier_permille=2000)


def test_days_of_the_month_and_weekdays():
    assert permille_on(MONTHLY, date(2026, 11, 18)) == 2000
    assert permille_on(MONTHLY, date(2026, 11, 19)) == 1000
    wednesdays = MemberDays(weekdays=(3,), multiplier_permille=1500)
    assert permille_on(wednesdays, date(2026, 11, 25)) == 1500  # a Wednesday
    assert permille_on(wednesdays, date(2026, 11, 26)) == 1000
    assert permille_on(MemberDays(), date(2026, 11, 18)) == 1000  # none configured
    assert not MemberDays().configured and MONTHLY.configured


def test_a_day_past_the_months_end_is_its_last_day():
    end = MemberDays(days_of_month=(31,))
    assert is_member_day(end, date(2026, 2, 28)) and is_member_day(end, date(2028, 2, 29))
    assert not is_member_day(end, date(2028, 2, 28))
    assert is_member_day(end, date(2026, 4, 30)) and is_member_day(end, date(2026, 5, 31))
    assert not is_member_day(end, date(2026, 5, 30))


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_every_month_has_its_member_day(day):
    """However short the month, "the 31st" happens exactly once in it."""
    end = MemberDays(days_of_month=(31,))
    first = day.replace(day=1)
    month = [first + timedelta(days=i) for i in range(31)
             if (first + timedelta(days=i)).month == first.month]
    assert sum(is_member_day(end, d) for d in month) == 1


def test_parsing_what_a_manager_types():
    assert parse_day_list("8, 18、28，8", 1, 31, "member_days_invalid") == (8, 18, 28)
    assert parse_day_list("  ", 1, 31, "member_days_invalid") == ()
    for bad in ("0", "32", "8a", "-1", "八"):
        with pytest.raises(PosError) as err:
            parse_day_list(bad, 1, 31, "member_days_invalid")
        assert err.value.code == "member_days_invalid"
    assert [parse_multiplier(t) for t in ("2", "×1.5", "1.25", " x3 ")] == [2000, 1500, 1250,
                                                                             3000]
    for bad in ("", "0.5", "11", "1.0005", "two", "nan", "inf"):
        with pytest.raises(PosError) as err:
            parse_multiplier(bad)
        assert err.value.code == "member_day_multiplier_invalid"


@given(st.integers(min_value=1000, max_value=10_000))
def test_multiplier_text_round_trips(permille):
    assert parse_multiplier(multiplier_text(permille)) == permille


def test_rules_out_of_range_are_refused():
    for kwargs, code in (({"days_of_month": (0,)}, "member_days_invalid"),
                         ({"weekdays": (8,)}, "member_weekdays_invalid"),
                         ({"multiplier_permille": 999}, "member_day_multiplier_invalid"),
                         ({"multiplier_permille": 10_001}, "member_day_multiplier_invalid")):
        with pytest.raises(PosError) as err:
            MemberDays(**kwargs)
        assert err.value.code == code
