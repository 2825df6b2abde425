"""The inactivity lock holds in the services, not only on screen (review of issue 18,
item 7): behind a locked till nothing is rung up, paid, refunded, moved in or out of the
drawer or done by permission; the cart stays; an unlock gives everything back. Real SQLite
file, real services."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from pos_app.domain.tenders import Tender, TenderKind
from pos_app.errors import PosError
from pos_app.services.till import Till
from tests.services.test_permissions import PINS, Role, signed_in
from tests.services.unit_world import COLA, rows


def _refused_while_locked(call: Callable[[], object]) -> None:
    with pytest.raises(PosError) as refused:
        call()
    assert refused.value.code == "screen_locked"
    assert "locked" in refused.value.message()


def _paid_by_card(till: Till) -> tuple[str, str]:
    till.sale.ring(COLA)
    done = till.sale.complete([Tender(TenderKind.CARD, 350)])
    return done.receipt_no, till.returns.find_sale(done.receipt_no).lines[0].sale_line_id


def test_a_locked_till_sells_refunds_and_moves_no_cash_until_unlocked(world):
    till = signed_in(world, Role.CASHIER)
    receipt, line = _paid_by_card(till)
    till.sale.ring(COLA)  # a cart on screen when the lock comes
    counts = rows(world, "SELECT (SELECT count(*) FROM sale), (SELECT count(*) FROM "
                         "sale_return), (SELECT count(*) FROM cash_move)")

    till.overrides.lock()
    _refused_while_locked(lambda: till.sale.ring(COLA))
    _refused_while_locked(lambda: till.sale.complete([Tender(TenderKind.CASH, 350)]))
    _refused_while_locked(lambda: till.returns.complete(receipt, {line: 1}))
    _refused_while_locked(lambda: till.shifts.cash_move("in", 5000, "float_top_up"))
    _refused_while_locked(lambda: till.shifts.no_sale())
    assert rows(world, "SELECT (SELECT count(*) FROM sale), (SELECT count(*) FROM "
                       "sale_return), (SELECT count(*) FROM cash_move)") == counts
    assert len(till.cart.lines) == 1  # kept for whoever unlocks

    till.overrides.unlock(pin=PINS[Role.CASHIER][1])
    till.sale.ring(COLA)
    till.sale.complete([Tender(TenderKind.CASH, 700)])
    till.returns.complete(receipt, {line: 1})
    till.shifts.cash_move("in", 5000, "float_top_up")
    assert rows(world, "SELECT (SELECT count(*) FROM sale), (SELECT count(*) FROM "
                       "sale_return), (SELECT count(*) FROM cash_move)") == [
        (counts[0][0] + 1, counts[0][1] + 1, counts[0][2] + 1)]


def test_a_locked_managers_till_does_nothing_by_permission_either(world):
    manager = signed_in(world, Role.MANAGER)
    manager.overrides.lock()
    _refused_while_locked(lambda: manager.overrides.issue_badge())  # require(ISSUE_BADGE)
    manager.overrides.unlock(pin=PINS[Role.MANAGER][1])
    assert manager.overrides.issue_badge()
