"""Unknown badge scans lock badge approvals out after five in a row; a good badge scan
ends the row, as a good PIN clears its misses (review of issue 18, item 11b)."""

from __future__ import annotations

import pytest

from pos_app.domain.permissions import Action
from pos_app.errors import PosError
from tests.services.test_permissions import Role, signed_in

GUESS = "SFMB-GUESSEDGUESSEDGUESSED12"


def _unknown(till) -> str:
    with pytest.raises(PosError) as refused:
        till.overrides.approve_badge(Action.VOID_SALE, GUESS)
    return refused.value.code


def test_a_good_badge_scan_resets_the_count_of_unknown_ones(world):
    token = signed_in(world, Role.MANAGER).overrides.issue_badge()
    cashier = signed_in(world, Role.CASHIER)
    assert [_unknown(cashier) for _ in range(4)] == ["badge_unknown"] * 4
    assert cashier.overrides.approve_badge(Action.VOID_SALE, token).method == "badge"
    assert [_unknown(cashier) for _ in range(4)] == ["badge_unknown"] * 4  # a new row
    assert cashier.overrides.approve_badge(Action.VOID_SALE, token).method == "badge"
    assert [_unknown(cashier) for _ in range(5)] == ["badge_unknown"] * 4 + ["badge_locked"]
