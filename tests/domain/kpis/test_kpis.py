"""The KPI definitions on literal facts: periods, crediting, ratios and their rounding,
coupons and gifts, the store total counting a shared sale once, exports byte-stable."""

from __future__ import annotations

from datetime import UTC, date, datetime
from fractions import Fraction

import pytest

from pos_app.domain.kpis import (
    NO_GUIDE,
    Counted,
    KpiFacts,
    Period,
    ReturnShare,
    SaleShare,
    bp,
    compute,
    hundredths,
    local_day,
)
from pos_app.domain.kpis.table import csv_bytes
from pos_app.errors import PosError

D1, D2 = date(2026, 3, 1), date(2026, 3, 2)


def test_periods_are_whole_local_days():
    assert Period.week(date(2026, 12, 9)) == Period(date(2026, 12, 7), date(2026, 12, 13), "week")
    assert Period.month(2024, 2).end == date(2024, 2, 29)
    start, end = Period.day(D1).bounds()
    assert start == datetime(2026, 2, 28, 16, tzinfo=UTC)  # Shanghai midnight
    assert end == datetime(2026, 3, 1, 16, tzinfo=UTC)
    assert local_day(datetime(2026, 2, 28, 16, 0, 0)) == D1  # naive = UTC
    with pytest.raises(PosError) as info:
        Period.custom(D2, D1)
    assert info.value.code == "kpi_period_reversed"


def _facts() -> KpiFacts:
    return KpiFacts(
        sales=[SaleShare("s1", D1, "a", True, 3, 1000, 2, 1),
               SaleShare("s2", D1, "a", False, 1, 333, 0, 0),
               SaleShare("s2", D1, "b", False, 2, 500, 1, 1),  # one sale, two guides
               SaleShare("s3", D2, NO_GUIDE, False, 1, 200),
               SaleShare("x", date(2026, 4, 1), "a", False, 9, 9999)],  # outside: ignored
        returns=[ReturnShare("r1", D2, "a", 1, 333)],
        points=[Counted(D1, "a", 10)],
        coupons=[Counted(D1, "b")],
        gifts=[Counted(D2, "a", 1, True), Counted(D2, "a", 1, False)],
        enrolments=[Counted(D1, "b")],
        overrides=[Counted(D2, "a")],
        exceptions=[Counted(D2, "")],
    )


def test_every_figure_on_literal_facts():
    k = compute(Period.custom(D1, D2), _facts(), names={"a": "王芳", "b": "赵敏"})
    a, b, none = (k.guide(g) for g in ("a", "b", NO_GUIDE))
    assert (a.gross_sales, a.returns_amount, a.net_sales, a.sales, a.units) == \
        (1333, 333, 1000, 2, 4)
    assert a.atv == 500 and a.upt == Fraction(2) and a.member_share == Fraction(1, 2)
    assert (a.gift_redemptions, a.gifts_with_code, bp(a.gift_compliance)) == (2, 1, 5000)
    assert (a.tracked_lines, a.tracked_coded, bp(a.unit_code_compliance)) == (2, 1, 5000)
    assert bp(a.return_rate) == 2498  # 333 / 1333 = 24.98 %
    assert (b.sales, b.coupons_redeemed, b.new_members, none.net_sales) == (1, 1, 1, 200)
    assert k.total.sales == 3  # s2 counted once for the store
    assert (k.total.net_sales, k.total.units, k.total.exceptions) == (1700, 7, 1)
    assert k.daily == [(D1, 1833), (D2, -133)]
    assert [g.guide_id for g in k.guides] == ["a", "b", NO_GUIDE]  # no guide last, kept


def test_rounding_is_half_away_from_zero():
    assert hundredths(Fraction(5, 3)) == 167 and bp(Fraction(1, 8)) == 1250
    assert bp(Fraction(1, 3)) == 3333 and bp(None) is None
    k = compute(Period.day(D1), KpiFacts(sales=[SaleShare("s", D1, "a", False, 1, 5)],
                                         returns=[ReturnShare("r", D1, "a", 1, 10)]))
    assert k.guide("a").atv == -5  # more returned than sold: negative, still exact


def test_no_sales_is_no_ratio_not_zero():
    k = compute(Period.day(D1), KpiFacts(), guides=["a"])
    assert k.guide("a").atv is None and k.guide("a").upt is None


def test_csv_is_utf8_with_bom_and_the_same_bytes_twice():
    k = compute(Period.custom(D1, D2), _facts(), names={"a": "=王芳"})
    data = csv_bytes(k)
    assert data.startswith(b"\xef\xbb\xbf")
    assert "'=王芳" in data.decode("utf-8-sig")  # a formula-looking name stays text
    assert data == csv_bytes(compute(Period.custom(D1, D2), _facts(), names={"a": "=王芳"}))


def test_the_day_index_agrees_with_the_time_zone_conversion():
    from pos_app.domain.kpis import DayIndex

    period = Period.month(2026, 3)
    days = DayIndex(period)
    for at in (datetime(2026, 2, 28, 16, 0, tzinfo=UTC), datetime(2026, 3, 15, 15, 59, 59),
               datetime(2026, 3, 31, 15, 59, 59, 999999), datetime(2026, 3, 10, 3, 0)):
        assert days.of(at) == local_day(at)
        assert days.of_text(at.strftime("%Y-%m-%d %H:%M:%S.%f")) == local_day(at)
