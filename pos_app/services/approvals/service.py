"""Every role check of the terminal goes through here: the permissions table decides, a
manager's code and PIN (or their badge) approve, and each approval leaves one audit row.

Why one path: with checks spread over services and screens, a new override (a price change,
a no-sale drawer open) meant copying a check and forgetting the audit. Now a use case asks
`decide(staff, action, approval)` and gets who approves it, or `NeedsApproval` to show.

An approval names what it is for (issue 18): the action, the thing (a line, a unit code),
the amounts before and after in fen, and the reason typed for it. The audit row carries all
of them with who asked and who approved, and a use case can hold an approval to exactly
what was approved (`Approval.covers`): an approval of a ¥5 discount does not give ¥50.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine

from local_db.uow import write_session
from pos_app.domain.permissions import (
    APPROVAL_REASONS,
    Action,
    Rule,
    may_approve,
    refusal,
    rule_for,
)
from pos_app.errors import PosError
from pos_app.services import audit
from pos_app.services.approvals.badges import BadgeService
from pos_app.services.approvals.report import queue_override
from pos_app.services.auth import AuthService
from pos_app.services.context import StaffInfo

# The approval row's audit action; "unit_override" is the name audit readers already know.
AUDIT_ACTIONS: dict[Action, str] = {Action.SELL_UNKNOWN_UNIT: "unit_override"}


@dataclass(frozen=True)
class NeedsApproval:
    """Allowed with a manager's approval: ask for one (`Till.approve`), then call again
    with it (or hand the outcome to the feature's `approve`)."""

    action: Action
    reason: PosError  # what the approval prompt says
    entity: str = ""  # what is approved (a unit code, a line id…), named in the audit row
    retry: tuple[object, ...] = field(default=(), compare=False)  # e.g. a scan's (code, qty)
    before: int | None = None  # fen before the change (a price, a line's or sale's total)
    after: int | None = None  # fen after it
    note: str = ""  # the reason the person typed


@dataclass(frozen=True)
class Approval:
    """A manager approved `action` for `asked_by` (PIN or badge checked, audited)."""

    action: Action
    asked_by: StaffInfo
    approver: StaffInfo
    entity: str = ""
    before: int | None = None
    after: int | None = None
    note: str = ""
    method: str = "pin"  # pin | badge

    def covers(self, asked: NeedsApproval) -> bool:
        """Whether this approval is for exactly what `asked` asks (action, thing, amount)."""
        return (self.action == asked.action and self.entity == asked.entity
                and self.after == asked.after)


def rule(staff: StaffInfo | None, action: Action) -> Rule:
    if staff is None:
        raise PosError("not_signed_in")
    return rule_for(staff.role, action)


def may(staff: StaffInfo | None, action: Action) -> bool:
    """Whether `staff` does `action` without asking anyone (the screens' question)."""
    return staff is not None and rule_for(staff.role, action) == Rule.ALLOWED


def check(staff: StaffInfo | None, action: Action) -> StaffInfo:
    """`staff` if the table allows them `action`, else the refusal (no approval asked)."""
    if rule(staff, action) != Rule.ALLOWED:
        raise refusal(action)
    assert staff is not None
    return staff


def needs(action: Action, entity: str = "", before: int | None = None,
          after: int | None = None, note: str = "", **params: object) -> NeedsApproval:
    """The request for `action`, its prompt filled with `params` (and the entity as code)."""
    reason = PosError(APPROVAL_REASONS[action], **({"code": entity} | params))
    return NeedsApproval(action, reason, entity, before=before, after=after, note=note)


def held_to(asked: NeedsApproval, approval: Approval | None) -> NeedsApproval | None:
    """`asked`, for `decide(…, asked=)` to hold `approval` to it — unless the approval names
    nothing (no thing, no amount: made from a bare Action by a script or an older caller),
    which is taken as before. An approval given through the prompt always names what it
    approved, so a ¥35 cash refund's approval does not give ¥350 or another receipt."""
    if approval is not None and not approval.entity and approval.before is None \
            and approval.after is None:
        return None
    return asked


def hold(approval: Approval | None, asked: NeedsApproval) -> None:
    """Refuse an approval that names something else than `asked` (another thing or amount,
    e.g. a use case whose amounts are only known under its write lock); one naming nothing
    is taken as before (`held_to`)."""
    if approval is None:
        return
    wanted = held_to(asked, approval)
    if wanted is not None and not approval.covers(wanted):
        raise PosError("approval_mismatch")


def decide(staff: StaffInfo | None, action: Action, approval: Approval | None = None,
           entity: str = "", asked: NeedsApproval | None = None) -> StaffInfo | NeedsApproval:
    """Who answers for `action` done by `staff`: themselves (allowed), the approval's
    manager, or `NeedsApproval` when one must be asked for first. With `asked` (what the
    use case would ask), an approval must cover exactly that."""
    ruling = rule(staff, action)
    if ruling == Rule.REFUSED:
        raise refusal(action)
    if approval is not None:
        if approval.action != action or not may_approve(approval.approver.role):
            raise PosError("not_a_manager", name=approval.approver.name)
        if asked is not None and not approval.covers(asked):
            raise PosError("approval_mismatch")
        return approval.approver
    if ruling == Rule.ALLOWED:
        assert staff is not None
        return staff
    return asked if asked is not None else needs(action, entity)


class ApprovalService:
    def __init__(self, engine: Engine, auth: AuthService,
                 badges: BadgeService | None = None) -> None:
        self._engine = engine
        self._auth = auth
        self.badges = badges or BadgeService(engine)

    rule = staticmethod(rule)
    may = staticmethod(may)
    check = staticmethod(check)
    decide = staticmethod(decide)

    def approve(self, action: Action, asked_by: StaffInfo | None, approver_code: str, pin: str,
                reason: str = "", entity: str = "", before: int | None = None,
                after: int | None = None, note: str = "") -> Approval:
        """A manager's code and PIN for `action` asked by `asked_by`. Wrong PINs count toward
        the approver's lock-out (the sign-in check); the approval is audited once."""
        self._askable(action, asked_by)
        approver = self._auth.sign_in(approver_code, pin, record=False)
        return self._approved(action, asked_by, approver, "pin", reason, entity, before,
                              after, note)

    def approve_badge(self, action: Action, asked_by: StaffInfo | None, token: str,
                      reason: str = "", entity: str = "", before: int | None = None,
                      after: int | None = None, note: str = "") -> Approval:
        """A manager's badge scanned for `action`: unknown, revoked or non-manager badges
        approve nothing and count toward a lock-out (badges.py); audited once."""
        self._askable(action, asked_by)
        approver = self.badges.holder(token)
        return self._approved(action, asked_by, approver, "badge", reason, entity, before,
                              after, note)

    def record(self, what: str, staff_id: str | None, entity: str = "",
               **detail: object) -> None:
        """One audit row of the overrides' own (a screen lock or unlock, a take-over)."""
        with write_session(self._engine) as session:
            audit.append(session, what, staff_id, entity, **detail)

    @staticmethod
    def _askable(action: Action, asked_by: StaffInfo | None) -> None:
        if rule(asked_by, action) == Rule.REFUSED:
            raise refusal(action)

    def _approved(self, action: Action, asked_by: StaffInfo | None, approver: StaffInfo,
                  method: str, reason: str, entity: str, before: int | None,
                  after: int | None, note: str) -> Approval:
        assert asked_by is not None
        if not may_approve(approver.role):
            raise PosError("not_a_manager", name=approver.name)
        with write_session(self._engine) as session:
            row = audit.append(session, AUDIT_ACTIONS.get(action, "approval"), approver.id,
                               entity, approved=str(action), asked_by=asked_by.id,
                               reason=reason, before=before, after=after, note=note,
                               method=method)
            queue_override(session, row, str(action), asked_by.id, approver.id, before, after,
                           note, method)  # HQ counts it too (issue 19)
        return Approval(action, asked_by, approver, entity, before, after, note, method)
