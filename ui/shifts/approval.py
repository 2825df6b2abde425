"""A manager's word for a shift action, through the one approval prompt."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from pos_app.services.approvals import Approval, NeedsApproval
from pos_app.services.till import Till
from ui.dialogs.manager_pin import ManagerPinDialog


def ask_manager(till: Till, needs: NeedsApproval, parent: QWidget | None) -> Approval | None:
    """The manager's approval of `needs` (code + PIN, audited), or None when cancelled."""
    dialog = ManagerPinDialog(till, needs, parent)
    try:
        return dialog.approval if dialog.exec() else None
    finally:
        dialog.deleteLater()
