"""Staff sign-in by staff code and PIN, with an escalating lock-out after wrong PINs.

Why it is shaped like this (issue 13): a wrong code and a wrong PIN get the same answer
(`sign_in_failed`), and unknown codes are counted and locked like real ones, so the screen
never tells which staff codes exist. Misses are not forgotten at a lock: every fifth miss
locks the account for 5 minutes, then 10, 20 … up to a day, and only a right PIN clears the
count — instead of 1,440 guesses a day per till, a 4-digit PIN takes years. PIN hashes from
HQ are keyed with the store's pepper (pos_app.domain.pins), which lives beside, not in, the
database (sync.link.staff_pepper)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import cache

from sqlalchemy import Engine
from sqlmodel import select

from local_db.ids import utcnow
from local_db.models import Staff
from local_db.uow import read_session, write_session
from pos_app.domain.pins import hash_pin, verify_pin
from pos_app.errors import PosError
from pos_app.services import audit
from pos_app.services.context import StaffInfo
from sync.link import staff_pepper

MAX_TRIES = 5
LOCK_FOR = timedelta(minutes=5)
LONGEST_LOCK = timedelta(days=1)


def lock_length(failed_attempts: int) -> timedelta | None:
    """How long the account locks after this many misses in a row (None = no lock yet)."""
    if failed_attempts < MAX_TRIES or failed_attempts % MAX_TRIES:
        return None
    locks = failed_attempts // MAX_TRIES
    return min(LOCK_FOR * 2 ** min(locks - 1, 20), LONGEST_LOCK)


def _info(staff: Staff) -> StaffInfo:
    return StaffInfo(id=staff.id, code=staff.code, name=staff.name, role=staff.role)


class AuthService:
    def __init__(self, engine: Engine, clock: Callable[[], datetime] = utcnow) -> None:
        self._engine = engine
        self._clock = clock
        self._unknown: dict[str, tuple[int, datetime | None]] = {}

    def staff_list(self) -> list[StaffInfo]:
        """Active staff for the sign-in screen's picker."""
        with read_session(self._engine) as session:
            rows = session.exec(select(Staff).where(Staff.active).order_by(Staff.code)).all()
            return [_info(s) for s in rows]

    def sign_in(self, staff_code: str, pin: str, record: bool = True) -> StaffInfo:
        """Check the PIN; `sign_in_failed` for a wrong code or PIN alike, `staff_locked`
        while a lock lasts (audited). `record=False`: a PIN checked for an approval or an
        unlock, audited by its caller, not as a sign-in (misses are audited all the same)."""
        now = self._clock()
        code = staff_code.strip()
        failure: PosError | None = None
        with write_session(self._engine) as session:
            staff = session.exec(select(Staff).where(Staff.code == code, Staff.active)).first()
            if staff is None:
                verify_pin(pin, _dummy_hash())  # the same time as a real check
                raise self._unknown_code(code, now)
            if staff.locked_until is not None and _aware(staff.locked_until) > now:
                raise PosError("staff_locked", until=_local_hhmm(staff.locked_until))
            if verify_pin(pin, staff.pin_hash, staff_pepper(self._engine)):
                staff.failed_attempts = 0
                staff.locked_until = None
                if record:
                    audit.append(session, "sign_in", staff.id, staff.id)
                return _info(staff)
            staff.failed_attempts += 1
            lock = lock_length(staff.failed_attempts)
            if lock is not None:
                staff.locked_until = now + lock
                audit.append(session, "staff_locked", staff.id, staff.id)
                failure = PosError("staff_locked", until=_local_hhmm(staff.locked_until))
            else:
                audit.append(session, "sign_in_failed", staff.id, staff.id)
                failure = PosError("sign_in_failed")
        # Raised after the block so the miss counter is committed, not rolled back.
        raise failure

    def _unknown_code(self, code: str, now: datetime) -> PosError:
        """A code no one has: counted and locked in memory exactly like a real account."""
        misses, until = self._unknown.get(code, (0, None))
        if until is not None and until > now:
            return PosError("staff_locked", until=_local_hhmm(until))
        misses += 1
        lock = lock_length(misses)
        self._unknown[code] = (misses, now + lock if lock else None)
        if len(self._unknown) > 10_000:  # bounded: forget the oldest guesses
            self._unknown.pop(next(iter(self._unknown)))
        if lock is not None:
            return PosError("staff_locked", until=_local_hhmm(now + lock))
        return PosError("sign_in_failed")

    def sign_out(self, staff: StaffInfo) -> None:
        with write_session(self._engine) as session:
            audit.append(session, "sign_out", staff.id, staff.id)


@cache
def _dummy_hash() -> str:
    """Made on the first unknown code, not at import: a PIN hash is slow on purpose (scrypt,
    ~0.1-0.2 s), and the till's start does not wait for it (issue 15)."""
    return hash_pin("0000")


def warm_up() -> None:
    """Make the dummy hash now (the till calls this on a thread once its window is up), so the
    first unknown code takes the same time as every other check."""
    _dummy_hash()


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _local_hhmm(moment: datetime) -> str:
    return moment.astimezone().strftime("%H:%M")
