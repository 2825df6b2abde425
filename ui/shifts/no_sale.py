"""The no-sale drawer open (开钱箱): a manager's action. A cashier asks a manager through
the one approval prompt; the opening is recorded (audited, queued for HQ) before the drawer
is kicked, so a drawer never opens unrecorded."""

from __future__ import annotations

from pos_app.i18n import _
from pos_app.services.approvals import NeedsApproval
from pos_app.services.till import Till
from ui.errors import user_message
from ui.shifts.approval import ask_manager
from ui.shifts.context import ShiftToolContext as ToolContext
from ui.tasks import run_task


def open_drawer_no_sale(context: ToolContext) -> None:
    till: Till = context.till
    outcome = till.shifts.no_sale()
    if isinstance(outcome, NeedsApproval):
        approval = ask_manager(till, outcome, context.window)
        if approval is None:
            context.say(_("The drawer stays closed."))
            return
        outcome = till.shifts.no_sale(approval)
        if isinstance(outcome, NeedsApproval):  # the approver was no manager after all
            context.error(outcome.reason.message())
            return
    kick_drawer(context, _("Drawer opened (no sale)."))


def kick_drawer(context: ToolContext, done_text: str) -> None:
    """Kick the drawer on a worker (the printer link may be slow); say how it went."""
    run_task(context.till.receipts.open_drawer,
             on_done=lambda _none: context.say(done_text),
             on_error=lambda exc: context.error(user_message(exc)))
