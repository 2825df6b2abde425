"""The one approval path: what the signed-in person may do, and a manager's approval of
what they may not do alone (PIN checked, audited). See `pos_app.domain.permissions`."""

from pos_app.services.approvals.service import (
    Approval,
    ApprovalService,
    NeedsApproval,
    check,
    decide,
    may,
)

__all__ = ["Approval", "ApprovalService", "NeedsApproval", "check", "decide", "may"]
