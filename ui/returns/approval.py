"""A manager's word inside a return (a cash refund, a revived coupon, a return without
receipt): the one prompt, its reason said on its first line, and the keyboard given back
to the return dialog whatever the answer, so the cashier types on where they were."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from pos_app.services.approvals import Approval, NeedsApproval
from pos_app.services.till import Till
from ui.dialogs.manager_pin import ManagerPinDialog


def ask_manager(till: Till, asked: NeedsApproval, dialog: QWidget,
                reason: str) -> Approval | None:
    """The manager's approval of `asked` (code + PIN or a badge, audited), None when the
    prompt is cancelled."""
    pin = ManagerPinDialog(till, asked, dialog, reason=reason)
    approved = pin.exec()
    pin.deleteLater()
    dialog.activateWindow()
    if not approved or pin.approval is None:
        return None
    return pin.approval
