"""Member days (会员日): the brand's days on which members earn points faster (PRODUCT §4).

A rule names days of the month (e.g. 8, 18, 28: "每月 8 号") and/or weekdays (ISO 1 = Monday
… 7 = Sunday: "每周三") and one multiplier in per-mille (2000 = ×2). Pure and integer-only
like the rest of the points arithmetic (loyalty.earn_points takes the multiplier).

A day of the month past the month's end means the month's last day: a brand that says
"the 31st" means "the end of the month" to its members, and a February without a member
day would read as a broken promise.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from pos_app.errors import PosError

PERMILLE = 1000
MAX_PERMILLE = 10_000  # ×10: beyond that it is a typo, not a promotion
_SPLIT = re.compile(r"[\s,，、;；]+")


class MemberDaysError(PosError):
    """A calendar a till would refuse. Its own type so HQ, which may import the domain but
    not the terminal's kernel, can catch exactly this refusal (hq.settings)."""


@dataclass(frozen=True)
class MemberDays:
    days_of_month: tuple[int, ...] = ()
    weekdays: tuple[int, ...] = ()  # ISO: 1 = Monday … 7 = Sunday
    multiplier_permille: int = 2000

    def __post_init__(self) -> None:
        if any(not 1 <= d <= 31 for d in self.days_of_month):
            raise MemberDaysError("member_days_invalid")
        if any(not 1 <= d <= 7 for d in self.weekdays):
            raise MemberDaysError("member_weekdays_invalid")
        if not PERMILLE <= self.multiplier_permille <= MAX_PERMILLE:
            raise MemberDaysError("member_day_multiplier_invalid")

    @property
    def configured(self) -> bool:
        return bool(self.days_of_month or self.weekdays)


def is_member_day(rule: MemberDays, day: date) -> bool:
    last = calendar.monthrange(day.year, day.month)[1]
    if any(day.day == min(d, last) for d in rule.days_of_month):
        return True
    return day.isoweekday() in rule.weekdays


def permille_on(rule: MemberDays, day: date) -> int:
    """The points multiplier for `day`: the rule's on a member day, else ×1."""
    return rule.multiplier_permille if is_member_day(rule, day) else PERMILLE


def parse_day_list(text: str, low: int, high: int, code: str) -> tuple[int, ...]:
    """"8, 18、28" → (8, 18, 28): sorted, once each; anything else raises
    MemberDaysError(code)."""
    parts = [p for p in _SPLIT.split((text or "").strip()) if p]
    if not all(p.isdigit() and low <= int(p) <= high for p in parts):
        raise MemberDaysError(code)
    return tuple(sorted({int(p) for p in parts}))


def parse_multiplier(text: str) -> int:
    """"2", "×1.5", "1.25" → per-mille (2000, 1500, 1250), exactly: no float on the way."""
    raw = (text or "").strip().lstrip("×xX*").strip()
    try:
        value = Decimal(raw)
    except InvalidOperation as exc:
        raise MemberDaysError("member_day_multiplier_invalid") from exc
    permille = value * PERMILLE
    if permille != permille.to_integral_value() or not PERMILLE <= permille <= MAX_PERMILLE:
        raise MemberDaysError("member_day_multiplier_invalid")
    return int(permille)


def parse_member_days(days: str, weekdays: str, times: str) -> MemberDays:
    """The three fields a person types (the till's Settings, HQ's CLI), read one way."""
    return MemberDays(parse_day_list(days, 1, 31, "member_days_invalid"),
                      parse_day_list(weekdays, 1, 7, "member_weekdays_invalid"),
                      parse_multiplier(times))


def multiplier_text(permille: int) -> str:
    """2000 → "2", 1500 → "1.5", 1250 → "1.25" (for the settings field and the sale hint)."""
    whole, rest = divmod(permille, PERMILLE)
    return str(whole) if not rest else f"{whole}.{rest:03d}".rstrip("0")
