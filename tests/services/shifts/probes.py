"""The shift actions walked through the real till for tests/services/test_permissions.py:
each returns the Rule it met (allowed alone, allowed with a manager's approval, refused)."""

from __future__ import annotations

from collections.abc import Callable

from pos_app.domain.permissions import Action, Rule
from pos_app.domain.shifts import Count
from pos_app.errors import PosError
from pos_app.services.approvals import NeedsApproval
from pos_app.services.shifts import ClosedShift
from pos_app.services.shifts.service import CashMoveDone
from pos_app.services.till import Till
from tests.services.shifts.shift_world import (
    COLA,
    PINS,
    Ledger,
    exact_count,
    mark_synced,
    pair_offline,
    sell,
)

MANAGER = PINS["manager"]


def _refused_unless(call: Callable[[], object]) -> Rule:
    try:
        call()
    except PosError as exc:
        assert exc.code == "manager_required"
        return Rule.REFUSED
    return Rule.ALLOWED


def _exact(till: Till) -> Count:
    return exact_count(till.shifts.check_count(Count()))


def _asked_then_approved(till: Till, asked: object, again: Callable[..., object],
                         action: Action) -> Rule:
    if not isinstance(asked, NeedsApproval):
        return Rule.ALLOWED
    assert asked.action == action
    done = again(till.approve(asked, *MANAGER))
    assert not isinstance(done, NeedsApproval)
    return Rule.APPROVAL


def cash_move(world, till: Till) -> Rule:
    return _refused_unless(lambda: till.shifts.cash_move("in", 100, "change_fund"))


def x_report(world, till: Till) -> Rule:
    return _refused_unless(till.shifts.x_report)


def no_sale(world, till: Till) -> Rule:
    asked = till.shifts.no_sale()
    if isinstance(asked, CashMoveDone):
        return Rule.ALLOWED
    return _asked_then_approved(till, asked, lambda a: till.shifts.no_sale(approved_by=a),
                                Action.NO_SALE)


def close_shift(world, till: Till) -> Rule:
    mark_synced(world)
    rule = _refused_unless(lambda: till.shifts.close(_exact(till)))
    assert rule != Rule.ALLOWED or till.shift is None
    return rule


def close_shift_with_queue(world, till: Till) -> Rule:
    pair_offline(world.path)  # an unpaired till's events are kept, no manager asked
    sell(till, Ledger(), [COLA], [("cash", 350)])  # queued: HQ has not taken it
    count = _exact(till)
    return _asked_then_approved(till, till.shifts.close(count),
                                lambda a: till.shifts.close(count, approved_by=a),
                                Action.CLOSE_SHIFT_WITH_QUEUE)


def close_shift_over_tolerance(world, till: Till) -> Rule:
    mark_synced(world)
    short = Count(cash={10000: 1, 5000: 1, 2000: 2})  # ¥10 short of the ¥200 float
    asked = till.shifts.close(short)
    if isinstance(asked, ClosedShift):
        return Rule.ALLOWED
    return _asked_then_approved(till, asked, lambda a: till.shifts.close(short, approved_by=a),
                                Action.CLOSE_SHIFT_OVER_TOLERANCE)


SHIFT_PROBES: dict[Action, Callable[..., Rule]] = {
    Action.CASH_MOVE: cash_move,
    Action.X_REPORT: x_report,
    Action.NO_SALE: no_sale,
    Action.CLOSE_SHIFT: close_shift,
    Action.CLOSE_SHIFT_WITH_QUEUE: close_shift_with_queue,
    Action.CLOSE_SHIFT_OVER_TOLERANCE: close_shift_over_tolerance,
}
