"""A manager's word at the till (`till.overrides`, issue 18): approvals by code + PIN or by
badge, the manager badges themselves, and the inactivity lock's audit.

Why here and not in the screens: the approval prompt, the lock screen and the tests all go
through these calls, so every override and every unlock is checked and audited the same way
whichever screen asked.
"""

from __future__ import annotations

from pos_app.domain.permissions import Action
from pos_app.errors import PosError
from pos_app.services.approvals import Approval, NeedsApproval
from pos_app.services.context import StaffInfo
from pos_app.services.till.services import TillServices
from pos_app.services.till.session import TillSession


def _asked(asked: NeedsApproval | Action) -> tuple[Action, dict[str, object]]:
    if isinstance(asked, NeedsApproval):
        return asked.action, {"reason": asked.reason.code, "entity": asked.entity,
                              "before": asked.before, "after": asked.after,
                              "note": asked.note}
    return Action(asked), {}


class OverridesFeature:
    def __init__(self, services: TillServices, session: TillSession) -> None:
        self._s = services
        self._session = session

    @property
    def locked(self) -> bool:
        """Kept on the session, whose guard refuses every sale, refund and cash move."""
        return self._session.locked

    # --- approvals -----------------------------------------------------------------------
    def approve(self, asked: NeedsApproval | Action, approver_code: str, pin: str,
                **extra: object) -> Approval:
        """A manager's code + PIN for what the signed-in person asked (wrong PINs count
        toward the approver's lock-out); audited once. `extra` (before, after, note…)
        fills what a bare Action does not say."""
        action, facts = _asked(asked)
        return self._s.approvals.approve(action, self._session.staff, approver_code, pin,
                                         **(facts | extra))  # type: ignore[arg-type]

    def approve_badge(self, asked: NeedsApproval | Action, token: str,
                      **extra: object) -> Approval:
        """The same with a manager's badge scanned instead of code + PIN."""
        action, facts = _asked(asked)
        return self._s.approvals.approve_badge(action, self._session.staff, token,
                                               **(facts | extra))  # type: ignore[arg-type]

    # --- badges --------------------------------------------------------------------------
    def issue_badge(self, holder: StaffInfo | None = None) -> str:
        """A new badge token for `holder` (default: the signed-in manager), shown once."""
        by = self._session.require(Action.ISSUE_BADGE)
        return self._s.approvals.badges.issue(holder or by, by)

    def revoke_badges(self, holder_id: str | None = None) -> int:
        by = self._session.require(Action.ISSUE_BADGE)
        return self._s.approvals.badges.revoke(holder_id or by.id, by)

    # --- the inactivity lock -------------------------------------------------------------
    def lock(self, why: str = "idle") -> None:
        """The screen locks over the sale (the cart stays); audited once per lock."""
        if self.locked:
            return
        staff = self._session.staff
        self._s.approvals.record("screen_locked", staff.id if staff else None, why=why)
        self._session.locked = True

    def unlock(self, pin: str = "", manager_code: str = "", badge: str = "") -> StaffInfo:
        """Unlocked by the signed-in person's PIN, or by a manager's code + PIN or badge;
        the one who unlocked is returned (and audited). A wrong PIN counts as a sign-in
        miss of whoever it was typed for."""
        staff = self._session.staff
        if badge:
            who, method = self._s.approvals.badges.holder(badge), "badge"
        elif manager_code:
            who, method = self._s.auth.sign_in(manager_code, pin, record=False), "pin"
            if not who.is_manager and (staff is None or who.id != staff.id):
                raise PosError("not_a_manager", name=who.name)
        else:
            if staff is None:
                raise PosError("not_signed_in")
            who, method = self._s.auth.sign_in(staff.code, pin, record=False), "pin"
        self._s.approvals.record("screen_unlocked", who.id, staff.id if staff else "",
                                 method=method)
        self._session.locked = False
        return who

    def take_over(self, manager: StaffInfo) -> None:
        """A manager who unlocked chose to sign in as themselves: the sale on screen is
        theirs from now on (both audited)."""
        if not manager.is_manager:
            raise PosError("not_a_manager", name=manager.name)
        before = self._session.staff
        if before is not None:
            self._s.approvals.record("sign_out", before.id, before.id,
                                     taken_over_by=manager.id)
        self._s.approvals.record("sign_in", manager.id, manager.id, via="unlock")
        self._session.staff = manager
