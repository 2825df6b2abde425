"""Rows of the `settings` stream: keys HQ decides for a brand or one store."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from sync.contract.fields import Strict

MEMBER_DAYS = "member_days"  # settings key for the brand; "member_days@<store code>" wins


def member_days_key(store_code: str | None = None) -> str:
    """The `settings` key of the brand's calendar, or of one store's."""
    return f"{MEMBER_DAYS}@{store_code}" if store_code else MEMBER_DAYS


class MemberDaysData(Strict):
    """`settings` stream row `member_days` (brand-wide) or `member_days@<store code>` (one
    store, wins over the brand's): the days members earn points × `multiplier_permille`."""

    days_of_month: list[Annotated[int, Field(ge=1, le=31)]] = Field(default=[], max_length=31)
    weekdays: list[Annotated[int, Field(ge=1, le=7)]] = Field(default=[], max_length=7)
    multiplier_permille: int = Field(default=2000, ge=1000, le=10_000)


# Keys the contract knows, by the part before "@"; other keys travel as sent.
SETTINGS: dict[str, type[Strict]] = {MEMBER_DAYS: MemberDaysData}
