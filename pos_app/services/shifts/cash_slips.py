"""A cash move's slip from its committed row: the names, the slip's number and the time the
paper shows. Reads only; the move's own transaction (ShiftService.cash_move / no_sale) is
not touched, so a slip that cannot be built or printed never undoes a move."""

from __future__ import annotations

from sqlalchemy import and_, func, or_, select
from sqlmodel import Session

from local_db.ids import as_utc
from local_db.models import CashMove, Staff
from pos_app.domain.shifts.cash_slip import CashSlip
from pos_app.services.context import TerminalInfo


def _name(session: Session, staff_id: str | None) -> str:
    if not staff_id:
        return ""
    staff = session.get(Staff, staff_id)
    return staff.name if staff else staff_id[:8]


def move_number(session: Session, row: CashMove) -> int:
    """The move's place among this till's cash moves (1, 2, …), oldest first: a number a
    person can read out, unique on the till and the same at every reprint."""
    return int(session.execute(select(func.count()).select_from(CashMove).where(
        CashMove.terminal_id == row.terminal_id,
        or_(CashMove.created_at < row.created_at,
            and_(CashMove.created_at == row.created_at, CashMove.id <= row.id)),
    )).scalar_one())


def cash_slip_for(session: Session, terminal: TerminalInfo, move_id: str,
                  drawer_after: int | None) -> CashSlip:
    """The slip of the cash move `move_id` on this till; `drawer_after` as the caller
    could tell it (None: left off the paper)."""
    row = session.get(CashMove, move_id)
    if row is None or row.terminal_id != terminal.terminal_id:
        raise LookupError(f"no cash move {move_id} on this terminal")  # a caller's slip
    number = move_number(session, row)
    return CashSlip(
        store_name=terminal.store_name, store_code=terminal.store_code,
        terminal_code=terminal.terminal_code, shift_no=row.shift_id[:8],
        slip_no=f"{terminal.store_code}-{terminal.terminal_code}-C{number:06d}",
        move_id=row.id, at=as_utc(row.created_at).astimezone(), kind=row.kind,
        amount=row.amount, reason_code=row.reason_code, note=row.note,
        staff_name=_name(session, row.staff_id),
        approver_name=_name(session, row.approved_by if row.approved_by != row.staff_id
                            else None),
        drawer_after=drawer_after)
