"""A manager's approval badge at the till (issue 18): issue (shown once) or revoke."""

from ui.approvals.badge_dialog import BadgeDialog, open_badge_tool

__all__ = ["BadgeDialog", "open_badge_tool"]
