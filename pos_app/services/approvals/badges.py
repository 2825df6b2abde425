"""Manager badges: a card a manager scans instead of typing code + PIN (issue 18).

Why it cannot be forged: a badge's token is 128 random bits made here when it is issued
(`new_token`), shown once and never printed on a receipt; the till keeps only its SHA-256
(local_db.models_badges.StaffBadge), so neither a photocopied receipt, nor a copy of the
database, nor a guess yields one. Issuing a new badge revokes the holder's earlier ones, and
a lost badge is revoked at once. A scan of an unknown or revoked token counts toward a
lock-out of badge scans at this till (every fifth miss locks them 5, 10, 20 … minutes, as
wrong PINs lock a staff code); a live badge of someone who is not a manager counts as a
wrong PIN of its holder.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Engine
from sqlmodel import select

from local_db.ids import as_utc, utcnow
from local_db.models import Staff
from local_db.models_badges import StaffBadge
from local_db.uow import write_session
from pos_app.domain.permissions import may_approve
from pos_app.errors import PosError
from pos_app.services import audit
from pos_app.services.auth import lock_length
from pos_app.services.context import StaffInfo

BADGE_PREFIX = "SFMB-"  # what tells a badge from a staff code or a product code


def new_token() -> str:
    """A fresh badge token: the prefix and 26 base-32 characters (Code 128 / QR friendly)."""
    return BADGE_PREFIX + base64.b32encode(secrets.token_bytes(16)).decode().rstrip("=")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.strip().upper().encode("ascii", "replace")).hexdigest()


def looks_like_badge(text: str) -> bool:
    """Whether a scanned or typed text is meant as a badge (then it is checked as one)."""
    return text.strip().upper().startswith(BADGE_PREFIX)


class BadgeService:
    def __init__(self, engine: Engine, clock: Callable[[], datetime] = utcnow) -> None:
        self._engine = engine
        self._clock = clock
        self._misses = 0  # unknown tokens scanned here in a row
        self._locked_until: datetime | None = None

    def issue(self, holder: StaffInfo, issued_by: StaffInfo) -> str:
        """A new badge for `holder` (a manager), revoking their earlier ones; the token is
        returned once, to be printed on the card, and never stored."""
        if not may_approve(holder.role):
            raise PosError("badge_for_managers_only", name=holder.name)
        token = new_token()
        with write_session(self._engine) as session:
            revoked = self._revoke_in(session, holder.id)
            badge = StaffBadge(staff_id=holder.id, token_hash=token_hash(token),
                               issued_by=issued_by.id)
            session.add(badge)
            audit.append(session, "badge_issued", issued_by.id, holder.id, badge=badge.id,
                         revoked=revoked)
        return token

    def revoke(self, holder_id: str, by: StaffInfo) -> int:
        """Every live badge of `holder_id` stops approving; how many there were."""
        with write_session(self._engine) as session:
            count = self._revoke_in(session, holder_id)
            audit.append(session, "badge_revoked", by.id, holder_id, count=count)
        return count

    def _revoke_in(self, session, holder_id: str) -> int:
        live = session.exec(select(StaffBadge).where(
            StaffBadge.staff_id == holder_id, StaffBadge.revoked_at.is_(None))).all()
        for badge in live:
            badge.revoked_at = self._clock()
        return len(live)

    def holder(self, token: str) -> StaffInfo:
        """The manager whose live badge this is, or the refusal (every miss counted)."""
        now = self._clock()
        if self._locked_until is not None and self._locked_until > now:
            raise PosError("badge_locked", until=_hhmm(self._locked_until))
        failure: PosError | None = None
        with write_session(self._engine) as session:
            row = session.exec(select(StaffBadge, Staff).join(
                Staff, Staff.id == StaffBadge.staff_id).where(
                StaffBadge.token_hash == token_hash(token), StaffBadge.revoked_at.is_(None),
                Staff.active)).first()
            if row is None:
                failure = self._unknown(session, now)
            else:
                staff = row[1]
                if staff.locked_until is not None and as_utc(staff.locked_until) > now:
                    failure = PosError("staff_locked", until=_hhmm(as_utc(staff.locked_until)))
                elif not may_approve(staff.role):
                    failure = self._not_a_manager(session, staff, now)
                else:
                    self._misses = 0  # "in a row", as a good PIN clears its misses
                    return StaffInfo(id=staff.id, code=staff.code, name=staff.name,
                                     role=staff.role)
        raise failure  # after the block: the miss is committed, not rolled back

    def _unknown(self, session, now: datetime) -> PosError:
        self._misses += 1
        lock = lock_length(self._misses)
        audit.append(session, "badge_refused", None, "", misses=self._misses)
        if lock is not None:
            self._locked_until = now + lock
            return PosError("badge_locked", until=_hhmm(self._locked_until))
        return PosError("badge_unknown")

    @staticmethod
    def _not_a_manager(session, staff: Staff, now: datetime) -> PosError:
        """A live badge of someone who may not approve (e.g. a manager since made a
        cashier by HQ): a miss of its holder's, like a wrong PIN."""
        staff.failed_attempts += 1
        lock = lock_length(staff.failed_attempts)
        if lock is not None:
            staff.locked_until = now + lock
        audit.append(session, "badge_refused", staff.id, staff.id, role=staff.role)
        return PosError("not_a_manager", name=staff.name)


def _hhmm(moment: datetime) -> str:
    return moment.astimezone().strftime("%H:%M")
