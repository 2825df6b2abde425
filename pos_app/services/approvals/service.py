"""Every role check of the terminal goes through here: the permissions table decides, a
manager's code and PIN approve, and each approval leaves one hash-chained audit row.

Why one path: with checks spread over services and screens, a new override (a price change,
a no-sale drawer open) meant copying a check and forgetting the audit. Now a use case asks
`decide(staff, action, approval)` and gets who approves it, or `NeedsApproval` to show.
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
    entity: str = ""  # what is approved (a unit code…), named in the audit row
    retry: tuple[object, ...] = field(default=(), compare=False)  # e.g. a scan's (code, qty)


@dataclass(frozen=True)
class Approval:
    """A manager approved `action` for `asked_by` (PIN checked and audited)."""

    action: Action
    asked_by: StaffInfo
    approver: StaffInfo


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


def decide(staff: StaffInfo | None, action: Action, approval: Approval | None = None,
           entity: str = "") -> StaffInfo | NeedsApproval:
    """Who answers for `action` done by `staff`: themselves (allowed), the approval's
    manager, or `NeedsApproval` when one must be asked for first."""
    ruling = rule(staff, action)
    if ruling == Rule.REFUSED:
        raise refusal(action)
    if approval is not None:
        if approval.action != action or not may_approve(approval.approver.role):
            raise PosError("not_a_manager", name=approval.approver.name)
        return approval.approver
    if ruling == Rule.ALLOWED:
        assert staff is not None
        return staff
    return NeedsApproval(action, PosError(APPROVAL_REASONS[action], code=entity), entity)


class ApprovalService:
    def __init__(self, engine: Engine, auth: AuthService) -> None:
        self._engine = engine
        self._auth = auth

    rule = staticmethod(rule)
    may = staticmethod(may)
    check = staticmethod(check)
    decide = staticmethod(decide)

    def approve(self, action: Action, asked_by: StaffInfo | None, approver_code: str, pin: str,
                reason: str = "", entity: str = "") -> Approval:
        """A manager's code and PIN for `action` asked by `asked_by`. Wrong PINs count toward
        the approver's lock-out (the sign-in check); the approval is audited once."""
        if rule(asked_by, action) == Rule.REFUSED:
            raise refusal(action)
        assert asked_by is not None
        approver = self._auth.sign_in(approver_code, pin)
        if not may_approve(approver.role):
            raise PosError("not_a_manager", name=approver.name)
        with write_session(self._engine) as session:
            audit.append(session, AUDIT_ACTIONS.get(action, "approval"), approver.id, entity,
                         approved=str(action), asked_by=asked_by.id, reason=reason)
        return Approval(action, asked_by, approver)
