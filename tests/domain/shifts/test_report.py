"""The X/Z figures from a shift's facts: expected per tender, counted by denomination,
over/short against the tolerance, the running grand total — table-driven, to the fen."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos_app.domain.shifts import (
    DENOMINATIONS,
    Count,
    MoveFigures,
    ShiftFacts,
    build_report,
    hide_expected,
    parse_pieces,
    parse_total,
)
from pos_app.errors import PosError


def report(facts: ShiftFacts, count: Count | None = None, **kw):
    return build_report(facts, kind="Z", shift_id="s", store_code="S01", terminal_code="T01",
                        opened_by="李娜", opened_at="2026-12-07T01:00:00+00:00",
                        at="2026-12-07T10:00:00+00:00", count=count, **kw)


# (facts, expected cash, expected per other tender)
CASES = [
    pytest.param(ShiftFacts(opening_float=20000), 20000, {}, id="float only"),
    pytest.param(ShiftFacts(opening_float=20000, sales_count=2, sales_total=900,
                            tendered={"cash": 700, "card": 200}), 20700, {"card": 200},
                 id="split tender, cash net of change"),
    pytest.param(ShiftFacts(opening_float=0, sales_count=1, sales_total=1000,
                            tendered={"cash": 400, "points": 600}), 400, {"points": 600},
                 id="points as a tender"),
    pytest.param(ShiftFacts(opening_float=10000, returns_count=1, returns_total=350,
                            refunded={"cash": 350}), 9650, {},
                 id="a return of an earlier shift's sale refunds from this drawer"),
    pytest.param(ShiftFacts(opening_float=10000, tendered={"wechat": 5000},
                            refunded={"wechat": 1200}), 10000, {"wechat": 3800},
                 id="mobile refund"),
    pytest.param(ShiftFacts(opening_float=10000, moves=(
        MoveFigures("in", "float_top_up", 1, 5000), MoveFigures("out", "bank_deposit", 2, 12000))),
        3000, {}, id="cash in and out"),
]


@pytest.mark.parametrize(("facts", "cash", "others"), CASES)
def test_expected_per_tender(facts: ShiftFacts, cash: int, others: dict[str, int]):
    z = report(facts)
    assert z.expected_cash == cash == z.tenders[0].expected
    assert z.tenders[0].kind == "cash"
    assert {t.kind: t.expected for t in z.tenders[1:]} == others
    assert z.net_total == facts.sales_total - facts.returns_total


def test_cash_is_counted_by_denomination_and_others_are_taken_as_expected_unless_counted():
    facts = ShiftFacts(opening_float=20000, tendered={"cash": 700, "card": 200,
                                                     "alipay": 300})
    count = Count(cash={10000: 2, 500: 1, 100: 2}, others={"alipay": 250})
    z = report(facts, count)
    by = {t.kind: t for t in z.tenders}
    assert (by["cash"].counted, by["cash"].difference) == (20700, 0)
    assert (by["card"].counted, by["card"].difference) == (200, 0)
    assert (by["alipay"].counted, by["alipay"].difference) == (250, -50)
    assert z.over_short == -50 and z.counted_cash == 20700
    assert z.cash_pieces == ((10000, 2), (500, 1), (100, 2))


@pytest.mark.parametrize(("counted", "tolerance", "over"), [
    (20500, 500, False), (20510, 500, True), (19500, 500, False), (19490, 500, True),
    (20010, 0, True), (20000, 0, False)])
def test_over_or_short_past_the_tolerance_is_flagged(counted, tolerance, over):
    count = Count(cash={10000: counted // 10000, 10: (counted % 10000) // 10})
    z = report(ShiftFacts(opening_float=20000), count, tolerance=tolerance)
    assert (z.counted_cash, z.over_short) == (counted, counted - 20000)
    assert z.over_tolerance is over


def test_grand_total_runs_on_from_the_previous_z():
    z = report(ShiftFacts(sales_total=5000, returns_total=1000), grand_total_before=123456)
    assert z.grand_total == 127456


def test_a_blind_view_hides_what_the_drawer_should_hold():
    z = report(ShiftFacts(opening_float=20000, tendered={"cash": 700}))
    blind = hide_expected(z)
    assert blind.expected_hidden and blind.expected_cash == 0
    assert all(t.expected == 0 and t.sales == 0 for t in blind.tenders)
    assert blind.sales_count == z.sales_count  # how many stays; how much would tell (20-L1)
    assert (blind.sales_total, blind.returns_total, blind.net_total,
            blind.points_tendered) == (0, 0, 0, 0)


@pytest.mark.parametrize("bad", [{7: 1}, {100: -1}, {100: True}, {100: 1.5}])
def test_a_count_refuses_what_is_not_a_count(bad):
    with pytest.raises(PosError):
        Count(cash=bad)


@pytest.mark.parametrize(("text", "pieces"), [("", 0), (" 12 ", 12), ("0", 0), ("１２", 12)])
def test_pieces_parse(text, pieces):
    assert parse_pieces(text) == pieces


@pytest.mark.parametrize("text", ["-1", "1.5", "abc", "²", "100001"])
def test_pieces_refuse(text):
    with pytest.raises(PosError) as info:
        parse_pieces(text)
    assert info.value.code == "count_invalid"


def test_totals_parse_as_fen():
    assert parse_total("1234.5") == 123450
    with pytest.raises(PosError):
        parse_total("-1")


@given(st.dictionaries(st.sampled_from(DENOMINATIONS), st.integers(0, 5000)))
def test_a_count_adds_up_to_the_fen(cash):
    count = Count(cash=cash)
    assert count.cash_total == sum(f * n for f, n in cash.items())
    assert sum(f * n for f, n in count.pieces()) == count.cash_total
