"""`till.shifts`: the shift screens' calls for whoever is signed in (cash in / out, the
no-sale drawer open, X, the count and the Z, reprints); the service checks who may."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from pos_app.domain.shifts import Count, ShiftReport
from pos_app.domain.shifts.cash_slip import CashSlip
from pos_app.services.approvals import Approval, NeedsApproval
from pos_app.services.shifts import ClosedShift, ShiftPolicy, ShiftService
from pos_app.services.shifts.service import CashMoveDone
from pos_app.services.till.session import TillSession


class ShiftsFeature:
    def __init__(self, shifts: ShiftService, session: TillSession) -> None:
        self._shifts = shifts
        self._session = session

    @property
    def policy(self) -> ShiftPolicy:
        """Tolerance and blind count, as the terminal settings say now."""
        return self._shifts.policy

    def cash_move(self, kind: str, amount: int, reason_code: str, note: str = ""
                  ) -> CashMoveDone:
        return self._shifts.cash_move(self._session.acting(), kind, amount,
                                      reason_code, note)

    def no_sale(self, approved_by: Approval | None = None) -> CashMoveDone | NeedsApproval:
        return self._shifts.no_sale(self._session.acting(), approved_by)

    def cash_slip(self, move_id: str) -> CashSlip:
        """The slip of a cash in / out / no-sale just recorded (print it with
        `till.receipts.print_cash_slip`)."""
        self._session.staff_required()
        return self._shifts.cash_slip(move_id)

    def x_report(self) -> ShiftReport:
        return self._shifts.x_report(self._session.staff_required())

    def check_count(self, counted: Count) -> ShiftReport:
        """A count checked before the close (audited: the Z says how many there were)."""
        return self._shifts.check_count(self._session.acting(), counted)

    def close_needs(self, counted: Count) -> list[NeedsApproval]:
        """The approvals a close of `counted` would ask for, all at once (one prompt)."""
        return self._shifts.close_needs(self._session.staff_required(), counted)

    def close(self, counted: Count, approved_by: Approval | Sequence[Approval] | None = None
              ) -> ClosedShift | NeedsApproval:
        """The Z; once closed the till has no shift (selling asks for a new one)."""
        shift = self._session.shift
        done = self._shifts.close(self._session.acting(), counted, approved_by,
                                  shift_id=shift.id if shift else None)
        if isinstance(done, ClosedShift):
            self._session.shift = None
        return done

    def z_report(self, ref: int | str) -> ShiftReport:
        return self._shifts.z_report(ref)

    def reprint_z(self, ref: int | str) -> ShiftReport:
        """A stored Z marked COPY, its reprint audited under whoever is signed in."""
        return self._shifts.reprint_z(self._session.acting(), ref)

    def z_list(self, limit: int = 20) -> list[tuple[int, str, datetime]]:
        return self._shifts.z_list(limit)
