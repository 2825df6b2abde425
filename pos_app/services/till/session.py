"""Who is signed in at this till and the shift they sell in: the one guard every feature
asks before it acts (it replaced ten copies of `raise PosError("not_signed_in")`)."""

from __future__ import annotations

from pos_app.domain.permissions import Action
from pos_app.errors import PosError
from pos_app.services.approvals import ApprovalService
from pos_app.services.context import ShiftInfo, StaffInfo


class TillSession:
    def __init__(self, approvals: ApprovalService) -> None:
        self._approvals = approvals
        self.staff: StaffInfo | None = None
        self.shift: ShiftInfo | None = None
        self.locked = False  # the inactivity lock (till.overrides.lock / unlock)

    def staff_required(self) -> StaffInfo:
        """Whoever is signed in; nothing at the till is done anonymously."""
        if self.staff is None:
            raise PosError("not_signed_in")
        return self.staff

    def acting(self) -> StaffInfo:
        """Whoever is signed in, unless the till is locked: the lock holds in the services,
        not just on screen, so nothing is sold, refunded or moved behind a locked screen
        (a script or a stray key event reaching the services would otherwise get through)."""
        staff = self.staff_required()
        if self.locked:
            raise PosError("screen_locked")
        return staff

    def selling(self) -> tuple[StaffInfo, ShiftInfo]:
        """Signed in with a shift open: nothing sells (or is refunded) outside a shift."""
        staff = self.acting()
        if self.shift is None:
            raise PosError("no_open_shift")
        return staff, self.shift

    def require(self, action: Action) -> StaffInfo:
        """The signed-in person, if the permissions table lets them do `action` alone."""
        return self._approvals.check(self.acting(), action)

    def may(self, action: Action) -> bool:
        return self._approvals.may(self.staff, action)
