"""Shifts (交班 / 日结): open with a float, cash in / out, the no-sale drawer open, the X
at any time and the Z at close (counted, stored, queued for HQ). See docs/shifts.md."""

from pos_app.services.approvals import NeedsApproval
from pos_app.services.shifts.service import (
    CashMoveDone,
    ClosedShift,
    ShiftPolicy,
    ShiftService,
)

__all__ = ["CashMoveDone", "ClosedShift", "NeedsApproval", "ShiftPolicy", "ShiftService"]
