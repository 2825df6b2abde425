"""HQ's security policy knobs (issue 13), read from the environment at the moment of use so
one HQ process can be reconfigured by a restart and tests can set them per test.

- SHOPFLOOR_HQ_CROSS_STORE_RETURNS: `flagged` (default: applied, answered `conflict` with
  `cross_store_return: …` and listed for the manager), `allowed` (applied silently) or
  `refused` (a `conflict`, nothing applied). A brand that takes any store's receipt back sets
  `allowed`; the default makes sure a person sees returns no till of that store could make.
- SHOPFLOOR_HQ_DATE_PAST_DAYS / SHOPFLOOR_HQ_DATE_FUTURE_MINUTES: a sale or return dated
  outside [received − past, received + future] is applied but flagged (31 days, 360 min).
- SHOPFLOOR_HQ_TIMEZONE: the stores' time zone (IANA name) for member days. Unset, HQ cannot
  know which calendar day the till saw, so it accepts the member-day multiplier of any day
  the sale's instant falls on somewhere (UTC−12 … UTC+14): at most one day either side.
  The stores' calendar (a Z view's day, a KPI day) is `store_tz()`: this zone, else the
  till's own (pos_app.domain.kpis.STORE_TZ), so HQ's Z day and KPI day never disagree.
- SHOPFLOOR_HQ_LOOKUPS_PER_MINUTE / SHOPFLOOR_HQ_LOOKUPS_PER_HOUR: per-device quotas of
  online member look-ups and purchase-history reads (20 and 200).
- SHOPFLOOR_HQ_PAYLOAD_RETENTION_DAYS: `admin prune-payloads` keeps raw payloads of applied
  events this many days (default 90).
"""

from __future__ import annotations

import os
from datetime import timedelta, tzinfo
from zoneinfo import ZoneInfo

from pos_app.domain.kpis import STORE_TZ

CROSS_STORE_POLICIES = ("flagged", "allowed", "refused")
SEARCH_LIMIT = 5  # members per online look-up


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw.isdigit() else default


def cross_store_returns() -> str:
    value = os.environ.get("SHOPFLOOR_HQ_CROSS_STORE_RETURNS", "").strip().lower()
    return value if value in CROSS_STORE_POLICIES else "flagged"


def date_window() -> tuple[timedelta, timedelta]:
    """(past, future) around HQ's receive time."""
    return (timedelta(days=_int("SHOPFLOOR_HQ_DATE_PAST_DAYS", 31)),
            timedelta(minutes=_int("SHOPFLOOR_HQ_DATE_FUTURE_MINUTES", 360)))


def store_timezone() -> tzinfo | None:
    name = os.environ.get("SHOPFLOOR_HQ_TIMEZONE", "").strip()
    return ZoneInfo(name) if name else None


def store_tz() -> tzinfo:
    """The stores' calendar for every HQ day (Z views, KPI days and their rollup): one
    helper, so a store told SHOPFLOOR_HQ_TIMEZONE sees the same day everywhere."""
    return store_timezone() or STORE_TZ


def lookup_quota() -> tuple[int, int]:
    """(per minute, per hour) per device."""
    return (_int("SHOPFLOOR_HQ_LOOKUPS_PER_MINUTE", 20),
            _int("SHOPFLOOR_HQ_LOOKUPS_PER_HOUR", 200))


def payload_retention_days() -> int:
    return _int("SHOPFLOOR_HQ_PAYLOAD_RETENTION_DAYS", 90)
