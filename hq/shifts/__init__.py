"""HQ's side of shifts (issue 18): applying cash moves, no-sale opens and closes with their
Z, and HQ's own Z view per shift and per store/day (`shopfloor-hq admin z-report`)."""

from hq.shifts.apply import (
    apply_cash_moved,
    apply_no_sale,
    apply_shift_closed,
    apply_shift_opened,
)
from hq.shifts.z_view import ShiftZ, day_z, shift_z

__all__ = ["ShiftZ", "apply_cash_moved", "apply_no_sale", "apply_shift_closed",
           "apply_shift_opened", "day_z", "shift_z"]
