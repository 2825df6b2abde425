"""Staff sign-in by staff code and PIN, with lock-out after repeated wrong PINs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import Engine
from sqlmodel import select

from local_db.ids import utcnow
from local_db.models import Staff
from local_db.uow import read_session, write_session
from pos_app.domain.pins import verify_pin
from pos_app.errors import PosError
from pos_app.services import audit
from pos_app.services.context import StaffInfo

MAX_TRIES = 5
LOCK_FOR = timedelta(minutes=5)


def _info(staff: Staff) -> StaffInfo:
    return StaffInfo(id=staff.id, code=staff.code, name=staff.name, role=staff.role)


class AuthService:
    def __init__(self, engine: Engine, clock: Callable[[], datetime] = utcnow) -> None:
        self._engine = engine
        self._clock = clock

    def staff_list(self) -> list[StaffInfo]:
        """Active staff for the sign-in screen's picker."""
        with read_session(self._engine) as session:
            rows = session.exec(select(Staff).where(Staff.active).order_by(Staff.code)).all()
            return [_info(s) for s in rows]

    def sign_in(self, staff_code: str, pin: str) -> StaffInfo:
        """Check the PIN; five misses lock the account for five minutes (audited)."""
        now = self._clock()
        failure: PosError | None = None
        with write_session(self._engine) as session:
            staff = session.exec(
                select(Staff).where(Staff.code == staff_code.strip(), Staff.active)
            ).first()
            if staff is None:
                raise PosError("staff_unknown")
            if staff.locked_until is not None and staff.locked_until > now:
                raise PosError("staff_locked", until=_local_hhmm(staff.locked_until))
            if verify_pin(pin, staff.pin_hash):
                staff.failed_attempts = 0
                staff.locked_until = None
                audit.append(session, "sign_in", staff.id, staff.id)
                return _info(staff)
            staff.failed_attempts += 1
            if staff.failed_attempts >= MAX_TRIES:
                staff.failed_attempts = 0
                staff.locked_until = now + LOCK_FOR
                audit.append(session, "staff_locked", staff.id, staff.id)
                failure = PosError("staff_locked", until=_local_hhmm(staff.locked_until))
            else:
                audit.append(session, "sign_in_failed", staff.id, staff.id)
                failure = PosError("pin_wrong", remaining=MAX_TRIES - staff.failed_attempts)
        # Raised after the block so the miss counter is committed, not rolled back.
        raise failure

    def sign_out(self, staff: StaffInfo) -> None:
        with write_session(self._engine) as session:
            audit.append(session, "sign_out", staff.id, staff.id)


def _local_hhmm(moment: datetime) -> str:
    return moment.astimezone().strftime("%H:%M")
