"""The sale screen's member actions (F11 attach, Shift+F11 detach, Ctrl+F11 profile, and
following HQ's view of the attached member after each sync round).

A mixin of SaleScreen, kept apart so the screen stays readable: it uses the screen's
`_till`, `message`, `member_panel` and `refresh`.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from pos_app.i18n import _
from ui.dialogs.member_profile import MemberProfileDialog
from ui.errors import shown_errors


class SaleMemberActions:
    def attach_member_code(self, code: str) -> None:
        """A member code scanned at the sale field: the customer joins this sale."""
        with shown_errors(self.message.error) as failed:
            member = self._till.members.attach(self._till.members.find(code))
        if failed:
            QApplication.beep()
            return
        self.member_attached(member)

    def member_attached(self, member) -> None:
        self.message.info(_("Member {name} attached.").format(name=member.name), 3000)
        self.refresh()

    def detach_member(self) -> None:
        member = self._till.sale.member
        if member is None:
            return
        self._till.members.detach()
        self.message.info(_("Member {name} detached.").format(name=member.name), 3000)
        self.refresh()

    def follow_member(self) -> None:
        """Members changed on this till (a sync round applied HQ's view, MainWindow hears it
        from the change bus): show the attached member as now stored; if HQ merged it into
        another member, the sale now belongs to that one and the cashier is told."""
        before = self._till.sale.member
        with shown_errors(self.message.error) as failed:
            after = self._till.members.refresh()
        if failed:
            return
        if after is None or after == before:
            return  # the usual case, every round: leave the screen (and its selection) be
        if before is not None and after.id != before.id:
            self.message.info(_("HQ merged this member: the sale now belongs to {name}.")
                              .format(name=after.name), 6000)
        if before is None or (after.id, after.tier) != (before.id, before.tier):
            self.refresh()  # member prices may differ by tier
        else:
            self.member_panel.show_member(after)  # HQ confirmed it, or its points changed

    def show_member_profile(self) -> None:
        member = self._till.sale.member
        if member is None:
            return
        MemberProfileDialog.open_for(self._till, member.id, self, self.message.error)
        self.activateWindow()  # keys (and the scanner) go back to the till
        self.refresh()
