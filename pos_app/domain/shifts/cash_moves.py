"""Cash put in or taken out of the drawer mid-shift: the fixed list of reasons, and the
checks a move must pass before it is written."""

from __future__ import annotations

from enum import StrEnum

from pos_app.errors import PosError
from pos_app.i18n import N_, gettext

MAX_NOTE = 200
MAX_MOVE = 10_000_000  # ¥100,000: more is a typing slip, not a drawer


class MoveKind(StrEnum):
    IN = "in"
    OUT = "out"


class CashMoveReason(StrEnum):
    FLOAT_TOP_UP = "float_top_up"
    BANK_DEPOSIT = "bank_deposit"
    PETTY_CASH = "petty_cash"
    CHANGE_FUND = "change_fund"
    OTHER = "other"


REASON_LABELS = {
    CashMoveReason.FLOAT_TOP_UP: N_("Float top-up"),
    CashMoveReason.BANK_DEPOSIT: N_("Bank deposit"),
    CashMoveReason.PETTY_CASH: N_("Petty cash"),
    CashMoveReason.CHANGE_FUND: N_("Change fund"),
    CashMoveReason.OTHER: N_("Other"),
}
MOVE_LABELS = {MoveKind.IN: N_("Cash in"), MoveKind.OUT: N_("Cash out")}


def reason_label(code: str) -> str:
    """The reason in the screen's language (an unknown code, from a newer till, as is)."""
    try:
        return gettext(REASON_LABELS[CashMoveReason(code)])
    except ValueError:
        return code


def checked_move(kind: str, amount: object, reason_code: str, note: str) -> tuple[
    MoveKind, int, CashMoveReason, str
]:
    """The move's values, or the PosError naming what is wrong. 'Other' needs a note:
    an unexplained cash out is what a later count cannot explain either."""
    try:
        move = MoveKind(kind)
    except ValueError:
        raise PosError("cash_move_kind_invalid", value=kind) from None
    if isinstance(amount, bool) or not isinstance(amount, int) or not 0 < amount <= MAX_MOVE:
        raise PosError("cash_move_amount_invalid")
    try:
        reason = CashMoveReason(reason_code)
    except ValueError:
        raise PosError("cash_move_reason_invalid", value=reason_code) from None
    note = (note or "").strip()
    if len(note) > MAX_NOTE or "\x00" in note:
        raise PosError("cash_move_note_invalid", limit=MAX_NOTE)
    if reason == CashMoveReason.OTHER and not note:
        raise PosError("cash_move_note_needed")
    return move, amount, reason, note
