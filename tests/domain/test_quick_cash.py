"""Quick cash: the exact amount and the next ¥10 / ¥50 / ¥100, never twice, never below due."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos_app.domain.quick_cash import QuickCash, quick_cash


def amounts(due: int) -> list[tuple[str, int]]:
    return [(offer.kind, offer.amount) for offer in quick_cash(due)]


def test_a_small_sale_offers_exact_then_each_note():
    assert amounts(350) == [("exact", 350), ("10", 1000), ("50", 5000), ("100", 10000)]


def test_a_round_amount_is_not_offered_twice():
    assert amounts(6000) == [("exact", 6000), ("50", 10000)]  # ¥50 up is already ¥100
    assert amounts(10000) == [("exact", 10000)]
    assert amounts(8750) == [("exact", 8750), ("10", 9000), ("50", 10000)]


def test_nothing_due_nothing_offered():
    assert quick_cash(0) == [] and quick_cash(-5) == []


def test_fen_only():
    with pytest.raises(TypeError):
        quick_cash(3.5)  # type: ignore[arg-type]


@given(st.integers(1, 10_000_000_00))
def test_offers_cover_the_due_amount_and_are_distinct_and_rising(due):
    offers = quick_cash(due)
    assert offers[0] == QuickCash("exact", due)
    values = [offer.amount for offer in offers]
    assert values == sorted(set(values))
    assert all(v > due for v in values[1:])
