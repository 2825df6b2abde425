"""Shifts (交班 / 日结): the X and Z figures from a shift's facts, the drawer count, and
the cash-move reasons. Pure rules shared by the till and HQ; see docs/shifts.md."""

from pos_app.domain.shifts.cash_moves import (
    REASON_LABELS,
    CashMoveReason,
    MoveKind,
    checked_move,
    reason_label,
)
from pos_app.domain.shifts.count import (
    DENOMINATIONS,
    Count,
    denomination_label,
    parse_pieces,
    parse_total,
)
from pos_app.domain.shifts.report import (
    DEFAULT_TOLERANCE,
    DiscountFigures,
    MoveFigures,
    ShiftFacts,
    ShiftReport,
    TenderFigures,
    build_report,
    hide_expected,
    tender_figures,
)

__all__ = [
    "DEFAULT_TOLERANCE", "DENOMINATIONS", "REASON_LABELS", "CashMoveReason", "Count",
    "DiscountFigures", "MoveFigures", "MoveKind", "ShiftFacts", "ShiftReport",
    "TenderFigures", "build_report", "checked_move", "denomination_label", "hide_expected",
    "parse_pieces", "parse_total", "reason_label", "tender_figures",
]
