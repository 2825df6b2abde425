"""Opening a shift with its cash float (closing and X/Z reports come later)."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import select

from local_db.models import Shift
from local_db.uow import read_session, write_session
from pos_app.errors import PosError
from pos_app.services import audit, outbox
from pos_app.services.context import ShiftInfo, StaffInfo, TerminalInfo
from sync.contract.events_shifts import ShiftOpenedPayload


def _info(shift: Shift) -> ShiftInfo:
    return ShiftInfo(id=shift.id, opened_by=shift.opened_by, opening_float=shift.opening_float)


class ShiftService:
    def __init__(self, engine: Engine, terminal: TerminalInfo) -> None:
        self._engine = engine
        self._terminal = terminal

    def current(self) -> ShiftInfo | None:
        with read_session(self._engine) as session:
            shift = session.exec(
                select(Shift).where(
                    Shift.terminal_id == self._terminal.terminal_id, Shift.closed_at.is_(None)
                )
            ).first()
            return _info(shift) if shift else None

    def open_shift(self, staff: StaffInfo, opening_float: int) -> ShiftInfo:
        if isinstance(opening_float, bool) or not isinstance(opening_float, int):
            raise PosError("float_invalid")
        if opening_float < 0:
            raise PosError("float_invalid")
        with write_session(self._engine) as session:
            open_one = session.exec(
                select(Shift).where(
                    Shift.terminal_id == self._terminal.terminal_id, Shift.closed_at.is_(None)
                )
            ).first()
            if open_one is not None:
                raise PosError("shift_already_open")
            shift = Shift(
                terminal_id=self._terminal.terminal_id,
                opened_by=staff.id,
                opening_float=opening_float,
            )
            session.add(shift)
            session.flush()
            audit.append(session, "shift_opened", staff.id, shift.id, opening_float=opening_float)
            outbox.enqueue(session, shift.id, ShiftOpenedPayload(
                shift_id=shift.id, terminal_id=shift.terminal_id, opened_by=staff.id,
                opened_at=shift.opened_at, opening_float=opening_float,
            ))
            return _info(shift)
