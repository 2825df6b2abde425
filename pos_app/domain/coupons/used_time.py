"""When a held coupon was used, as far as HQ can believe the till: between the hold and the
event's arrival, both on HQ's clock.

A short code scanned online is held by HQ at once and redeemed with its sale (PRODUCT §5), so
the sale's close, on the till's clock, is its used time. A till an hour fast or a day behind
would put that use where it cannot have been: before HQ held the coupon for this very sale, or
after HQ heard of the sale. Those two instants are HQ's own, so they bound the till's. Pure.
"""

from __future__ import annotations

from datetime import datetime


def bounded_use(claimed: datetime, held_at: datetime, arrived_at: datetime) -> datetime:
    """`claimed` when it lies in [held_at, arrived_at], else the nearer end (aware datetimes).

    Should HQ's own clock have stepped back between the hold and the arrival, the range is
    the hold's instant alone."""
    latest = max(held_at, arrived_at)
    return min(max(claimed, held_at), latest)
