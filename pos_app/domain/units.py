"""The unit registry's state machine (一物一码): which moves a unit may make, and why not.

Pure rules, so the till, returns, coupon gifts and HQ all agree on what a state allows.
`in_stock → sold → returned → in_stock`, or `in_stock → gifted | written_off`.
"""

from __future__ import annotations

from enum import StrEnum

from pos_app.domain.permissions import OVERRIDES
from pos_app.errors import PosError


class UnitState(StrEnum):
    IN_STOCK = "in_stock"
    SOLD = "sold"
    RETURNED = "returned"
    GIFTED = "gifted"
    WRITTEN_OFF = "written_off"


ALLOWED: dict[UnitState, frozenset[UnitState]] = {
    UnitState.IN_STOCK: frozenset({UnitState.SOLD, UnitState.GIFTED, UnitState.WRITTEN_OFF}),
    UnitState.SOLD: frozenset({UnitState.RETURNED}),
    UnitState.RETURNED: frozenset({UnitState.IN_STOCK, UnitState.WRITTEN_OFF}),
    UnitState.GIFTED: frozenset(),
    UnitState.WRITTEN_OFF: frozenset(),
}


def can_move(from_state: str, to_state: str) -> bool:
    try:
        return UnitState(to_state) in ALLOWED[UnitState(from_state)]
    except ValueError:
        return False


def check_move(unit_key: str, from_state: str, to_state: str) -> None:
    """Raise `unit_bad_transition` for a move the registry does not allow."""
    if not can_move(from_state, to_state):
        raise PosError("unit_bad_transition", code=unit_key, state=from_state, to=to_state)


def sale_refusal(
    unit_key: str,
    state: str | None,
    *,
    in_this_store: bool = True,
    receipt: str = "",
    date: str = "",
    guide: str = "",
    cashier: str = "",
) -> PosError | None:
    """Why this unit cannot be sold here (None: it can). `state=None`: not in the registry.

    Only `unit_unknown` may be overridden by a manager (received but not yet synced);
    every other refusal names the fact a person can check (receipt, date, guide).
    """
    if state is None:
        return PosError("unit_unknown", code=unit_key)
    if not in_this_store:
        return PosError("unit_other_store", code=unit_key)
    if state == UnitState.IN_STOCK:
        return None
    if state == UnitState.SOLD:  # a sale with no guide names its cashier (tester 24)
        where = {"code": unit_key, "receipt": receipt or "?", "date": date or "?"}
        if guide:
            return PosError("unit_already_sold", guide=guide, **where)
        if cashier:
            return PosError("unit_already_sold_by_cashier", cashier=cashier, **where)
        return PosError("unit_already_sold_on_receipt", **where)  # its guide unknown here
    if state == UnitState.GIFTED:
        return PosError("unit_gifted", code=unit_key)
    if state == UnitState.WRITTEN_OFF:
        return PosError("unit_written_off", code=unit_key)
    return PosError("unit_not_in_stock", code=unit_key, state=state)


OVERRIDABLE = frozenset(OVERRIDES)  # the refusals a manager's approval lifts (permissions.py)
