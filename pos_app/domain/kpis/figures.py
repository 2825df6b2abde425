"""What a KPI report holds: every figure of one guide (`GuideKpis`) and of the store
(`StoreKpis`: the guides ranked, the store's totals, the daily trend).

Money is integer fen. Ratios are exact `Fraction`s (None when the denominator is zero: "no
sales" is not "0 %"); `bp()` turns one into basis points rounding halves away from zero,
and `atv` is fen rounded the same way (docs/kpis.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from fractions import Fraction

from pos_app.domain.kpis.facts import NO_GUIDE
from pos_app.domain.kpis.period import Period
from pos_app.domain.money import div_round_half_up

STORE = "*"  # the guide_id of the store's total row


def ratio(num: int, den: int) -> Fraction | None:
    return Fraction(num, den) if den else None


def bp(value: Fraction | None) -> int | None:
    """Basis points (1 % = 100), halves away from zero; None stays None."""
    if value is None:
        return None
    return div_round_half_up(value.numerator * 10000, value.denominator)


def hundredths(value: Fraction | None) -> int | None:
    """×100, halves away from zero: UPT 1.675 → 168 (shown 1.68)."""
    if value is None:
        return None
    return div_round_half_up(value.numerator * 100, value.denominator)


@dataclass
class GuideKpis:
    guide_id: str  # a staff id, NO_GUIDE, or STORE for the total row
    name: str = ""
    gross_sales: int = 0  # fen sold in the period
    returns_amount: int = 0  # fen refunded in the period on lines this guide sold
    sales: int = 0  # sales with at least one line credited to this guide
    units: int = 0  # units sold
    member_sales: int = 0  # … of those sales with a member attached
    tracked_lines: int = 0
    tracked_coded: int = 0
    returns: int = 0  # returns touching this guide's lines
    return_units: int = 0
    returns_without_receipt: int = 0
    new_members: int = 0
    points_issued: int = 0
    coupons_redeemed: int = 0
    gift_redemptions: int = 0
    gifts_with_code: int = 0
    overrides: int = 0
    exceptions: int = 0  # store row only: sync conflicts and rejections
    target: int | None = None  # fen, the month's net sales target (managers set it)

    @property
    def net_sales(self) -> int:
        return self.gross_sales - self.returns_amount

    @property
    def atv(self) -> int | None:
        """客单价: net sales ÷ sales, fen, halves away from zero."""
        return div_round_half_up(self.net_sales, self.sales) if self.sales else None

    @property
    def upt(self) -> Fraction | None:
        """连带率: units ÷ sales (units, not lines)."""
        return ratio(self.units, self.sales)

    @property
    def member_share(self) -> Fraction | None:
        return ratio(self.member_sales, self.sales)

    @property
    def gift_compliance(self) -> Fraction | None:
        return ratio(self.gifts_with_code, self.gift_redemptions)

    @property
    def unit_code_compliance(self) -> Fraction | None:
        return ratio(self.tracked_coded, self.tracked_lines)

    @property
    def return_rate(self) -> Fraction | None:
        """Refunded fen ÷ gross sales fen of the same period."""
        return ratio(self.returns_amount, self.gross_sales)

    @property
    def target_progress(self) -> Fraction | None:
        return ratio(self.net_sales, self.target) if self.target else None

    @property
    def is_no_guide(self) -> bool:
        return self.guide_id == NO_GUIDE


COUNTS: tuple[str, ...] = tuple(
    f.name for f in fields(GuideKpis) if f.name not in ("guide_id", "name", "target"))
"""GuideKpis' additive counts, in its order: the one list HQ's answer to a till
(sync.contract.kpis_api.KpiRow) and HQ's daily rollup (hq.models_kpi_rollup.KpiDay) are
built from, so a new figure is added once, here, and reaches both."""


@dataclass
class StoreKpis:
    period: Period
    store_id: str
    guides: list[GuideKpis]  # ranked: net sales high to low, then name; NO_GUIDE included
    total: GuideKpis  # the store (guide_id STORE): sales counted once per sale
    daily: list[tuple[date, int]] = field(default_factory=list)  # (day, store net sales)

    def guide(self, guide_id: str) -> GuideKpis | None:
        return next((g for g in self.guides if g.guide_id == guide_id), None)
