"""The period a KPI report covers: a day, an ISO week, a calendar month or a custom range of
whole days, in the store's local calendar.

Why dates and not instants: a manager asks for "March" or "this week" in the store's own
calendar, and the till and HQ must cut the same facts at the same local midnights. `bounds`
turns the period into the UTC instants the SQL filters on (half-open: start inclusive, end
exclusive), so a sale at 23:59:59 local is in its day and one at 00:00 is in the next.
"""

from __future__ import annotations

import calendar
from bisect import bisect_right
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from pos_app.errors import PosError

# The stores' calendar: China keeps one zone and no daylight saving. A store elsewhere
# passes its own zone to `bounds`/`local_day` (KpiService(tz=…), HQ the same).
STORE_TZ: tzinfo = ZoneInfo("Asia/Shanghai")
MAX_DAYS = 366 * 2  # a custom range longer than two years is a typo, not a question
# The calendar a report may ask about: outside it a date is a typo (or a fuzzer), and near
# date.min/max the local-midnight arithmetic of `bounds` would overflow.
EARLIEST, LATEST = date(2000, 1, 1), date(2199, 12, 31)


@dataclass(frozen=True)
class Period:
    start: date  # first day, inclusive
    end: date  # last day, inclusive
    kind: str = "custom"  # day | week | month | custom

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise PosError("kpi_period_reversed")
        if (self.end - self.start).days >= MAX_DAYS:
            raise PosError("kpi_period_too_long", days=MAX_DAYS)
        if self.start < EARLIEST or self.end > LATEST:
            raise PosError("kpi_period_out_of_range", first=EARLIEST.isoformat(),
                           last=LATEST.isoformat())

    @classmethod
    def day(cls, d: date) -> Period:
        return cls(d, d, "day")

    @classmethod
    def week(cls, d: date) -> Period:
        """The ISO week (Monday to Sunday) holding `d`."""
        monday = d - timedelta(days=d.weekday())
        return cls(monday, monday + timedelta(days=6), "week")

    @classmethod
    def month(cls, year_or_day: int | date, month: int | None = None) -> Period:
        """`Period.month(2026, 3)` or `Period.month(some_day)`: the whole calendar month."""
        if isinstance(year_or_day, date):
            year, month = year_or_day.year, year_or_day.month
        else:
            year = year_or_day
            if month is None:
                raise ValueError("month needs a year and a month, or a date")
        last = calendar.monthrange(year, month)[1]
        return cls(date(year, month, 1), date(year, month, last), "month")

    @classmethod
    def custom(cls, start: date, end: date) -> Period:
        return cls(start, end, "custom")

    @property
    def month_key(self) -> str:
        """'YYYY-MM' of the first day: the month a guide's target is looked up under."""
        return f"{self.start.year:04d}-{self.start.month:02d}"

    @property
    def label(self) -> str:
        if self.start == self.end:
            return self.start.isoformat()
        if self.kind == "month":
            return self.month_key
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    def days(self) -> list[date]:
        n = (self.end - self.start).days + 1
        return [self.start + timedelta(days=i) for i in range(n)]

    def contains(self, d: date) -> bool:
        return self.start <= d <= self.end

    def bounds(self, tz: tzinfo = STORE_TZ) -> tuple[datetime, datetime]:
        """[start, end) in aware UTC: local midnight of the first day to local midnight
        after the last."""
        a = datetime.combine(self.start, time(0), tz).astimezone(UTC)
        b = datetime.combine(self.end + timedelta(days=1), time(0), tz).astimezone(UTC)
        return a, b


def local_day(at: datetime, tz: tzinfo = STORE_TZ) -> date:
    """The store's calendar day of an instant; a naive time is taken as UTC (how SQLite
    gives our aware UTC columns back)."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.astimezone(tz).date()


def parse_month(text: str) -> tuple[int, int]:
    """'2026-03' → (2026, 3); a clear refusal for anything else."""
    try:
        year, month = (int(p) for p in text.split("-"))
        date(year, month, 1)
    except (ValueError, TypeError):
        raise PosError("kpi_bad_month", month=text) from None
    return year, month


class DayIndex:
    """The store's calendar day of many instants of one period, fast: the local midnights
    as UTC instants, looked up by bisection instead of a time-zone conversion per fact (a
    month of a busy store is tens of thousands of them). Instants outside the period get the
    first or last day (the queries never hand any)."""

    def __init__(self, period: Period, tz: tzinfo = STORE_TZ) -> None:
        self._days = period.days()
        mids = [datetime.combine(d, time(0), tz).astimezone(UTC) for d in self._days[1:]]
        self._naive = [m.replace(tzinfo=None) for m in mids]
        self._text = [m.strftime("%Y-%m-%d %H:%M:%S.%f") for m in self._naive]

    def of(self, at: datetime) -> date:
        """`at` aware, or naive UTC (SQLite's form)."""
        if at.tzinfo is not None:
            at = at.astimezone(UTC).replace(tzinfo=None)
        return self._days[bisect_right(self._naive, at)]

    def of_text(self, stamp: str) -> date:
        """`stamp` as SQLite keeps our UTC columns: 'YYYY-MM-DD HH:MM:SS[.ffffff]'."""
        return self._days[bisect_right(self._text, stamp)]
