"""The plain facts every KPI is computed from, fed the same way by the till (its SQLite) and
HQ (the events it holds), so both run the one definition in `compute`.

Each fact is already credited: `guide` is the staff id the figure counts for (after any
re-attribution of the line), or NO_GUIDE. A fact carries the store's local `day` it
happened on. Facts are pre-summed per sale and guide (not per line) so a month of a busy
store is tens of thousands of small tuples, not hundreds of thousands.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

NO_GUIDE = ""  # the key of lines sold with no guide: counted, never dropped


@dataclass(frozen=True, slots=True)
class SaleShare:
    """One sale's lines credited to one guide: what that guide sold in that sale."""

    sale_id: str
    day: date
    guide: str
    member: bool  # the sale had a member attached
    units: int  # sum of quantities (units, not lines)
    net: int  # fen after every discount
    tracked_lines: int = 0  # lines of unit-tracked products
    tracked_coded: int = 0  # … of which carry a unit code


@dataclass(frozen=True, slots=True)
class ReturnShare:
    """One return's lines credited to the guide of the ORIGINAL line (as attributed now)."""

    return_id: str
    day: date  # the day of the return, not of the sale
    guide: str
    units: int
    amount: int  # fen refunded
    without_receipt: bool = False


@dataclass(frozen=True, slots=True)
class Counted:
    """One countable happening credited to a guide: a member enrolled, points issued on a
    sale (`amount` = points), a coupon redeemed, an override asked for."""

    day: date
    guide: str
    amount: int = 1
    flag: bool = False  # a gift handed out WITH its unit code


@dataclass
class KpiFacts:
    sales: list[SaleShare] = field(default_factory=list)
    returns: list[ReturnShare] = field(default_factory=list)
    enrolments: list[Counted] = field(default_factory=list)
    points: list[Counted] = field(default_factory=list)  # points issued (earned on sales)
    coupons: list[Counted] = field(default_factory=list)  # sale coupons redeemed
    gifts: list[Counted] = field(default_factory=list)  # gift coupons; flag = with unit code
    overrides: list[Counted] = field(default_factory=list)  # approvals asked for
    exceptions: list[Counted] = field(default_factory=list)  # sync conflicts/rejections
