"""A manager's word for a shift action, through the one approval prompt."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QWidget

from pos_app.i18n import _
from pos_app.services.approvals import Approval, NeedsApproval, looks_like_badge
from pos_app.services.till import Till
from ui.dialogs.manager_pin import ManagerPinDialog, asked_text
from ui.errors import shown_errors


def ask_manager(till: Till, needs: NeedsApproval, parent: QWidget | None) -> Approval | None:
    """The manager's approval of `needs` (code + PIN, audited), or None when cancelled."""
    dialog = ManagerPinDialog(till, needs, parent)
    try:
        return dialog.approval if dialog.exec() else None
    finally:
        dialog.deleteLater()


class ManagerPinForAll(ManagerPinDialog):
    """The one prompt for several things at once (a close with events queued AND counted
    over the tolerance, 20-L1): it names every one, and one code + PIN (or one badge scan)
    approves each of them. Each approval keeps its own audit row and `override.approved`
    event, as HQ's KPIs and the close's checks count approvals per action."""

    def __init__(self, till: Till, asks: Sequence[NeedsApproval],
                 parent: QWidget | None = None) -> None:
        super().__init__(till, asks[0], parent)
        self._asks = tuple(asks)
        self.approvals: list[Approval] = []
        who = till.staff
        parts = [f"{index}. {asked_text(asked)}" for index, asked in enumerate(asks, 1)]
        if who:
            parts.append(_("Asked by {name}").format(name=who.name))
        self.asked_label.setText("\n".join(parts))

    def _approve_each(self, one) -> bool:
        """`one(asked)` for every thing asked; False (the error shown) at the first refusal."""
        with shown_errors(self.error.setText) as failed:
            self.approvals = [one(asked) for asked in self._asks]
        if failed:
            self.approvals = []
            return False
        self.approval = self.approvals[0]
        self.accept()
        return True

    def handle_scan(self, code: str) -> None:
        if not looks_like_badge(code):
            super().handle_scan(code)  # refused there, with its message
            return
        self.code_edit.clear()
        self._approve_each(lambda asked: self._till.overrides.approve_badge(asked, code.strip()))

    def approve(self) -> None:
        if self._typed_badge():
            return
        code, pin = self.code_edit.text(), self.pin_edit.text()
        if not self._approve_each(lambda asked: self._till.approve(asked, code, pin)):
            self.pin_edit.clear()


def ask_manager_once(till: Till, asks: Sequence[NeedsApproval], parent: QWidget | None
                     ) -> list[Approval] | None:
    """One prompt approving every one of `asks` (one code + PIN), or None when cancelled."""
    if len(asks) == 1:
        approval = ask_manager(till, asks[0], parent)
        return None if approval is None else [approval]
    dialog = ManagerPinForAll(till, asks, parent)
    try:
        return dialog.approvals if dialog.exec() else None
    finally:
        dialog.deleteLater()
