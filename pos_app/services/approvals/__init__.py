"""The one approval path: what the signed-in person may do, and a manager's approval of
what they may not do alone (PIN or badge checked, audited). See
`pos_app.domain.permissions`."""

from pos_app.services.approvals.badges import BadgeService, looks_like_badge
from pos_app.services.approvals.service import (
    Approval,
    ApprovalService,
    NeedsApproval,
    check,
    decide,
    held_to,
    hold,
    may,
    needs,
)

__all__ = ["Approval", "ApprovalService", "BadgeService", "NeedsApproval", "check", "decide",
           "held_to", "hold", "looks_like_badge", "may", "needs"]
