"""The slip a cash in, cash out or no-sale prints (PRODUCT: the drawer's paper trail): what
the paper shows, so a manager and an auditor can match each movement of the drawer's cash
to a signed paper, as Odoo POS and Square stores do.

Built once, right after the move is committed (the expected drawer figure is that moment's),
and printed again as it was: a reprint only adds the COPY mark.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pos_app.i18n import N_

#: what each kind of movement is called on the slip
KIND_TITLES = {"in": N_("Cash in"), "out": N_("Cash out"), "no_sale": N_("No sale")}


@dataclass(frozen=True)
class CashSlip:
    store_name: str
    store_code: str
    terminal_code: str
    shift_no: str  # the shift's id, shortened as the screens show it
    slip_no: str  # <store>-<terminal>-C<seq>: the move's place among this till's moves
    move_id: str  # cash_move.id: an auditor's way from the paper to the row
    at: datetime  # local time, for display
    kind: str  # in | out | no_sale
    amount: int  # fen; 0 for a no-sale
    reason_code: str  # domain.shifts.CashMoveReason (or "no_sale")
    note: str
    staff_name: str
    approver_name: str = ""  # the manager who approved, when one did
    drawer_after: int | None = None  # expected cash in the drawer after it (None: not shown)
    language: str = "zh_CN"  # the store's receipt language
    reprint: bool = False  # F9 after a slip that did not print: marked a copy
