"""The no-sale drawer open (开钱箱): a manager's action. A cashier asks a manager through
the one approval prompt; the opening is recorded (audited, queued for HQ) before the drawer
is kicked, so a drawer never opens unrecorded. Then the move's slip prints (ui/shifts/printing),
for the manager's signature: a cash in and out get theirs the same way (`after_cash_move`)."""

from __future__ import annotations

from collections.abc import Callable

from pos_app.errors import PosError
from pos_app.i18n import _
from pos_app.services.approvals import NeedsApproval
from pos_app.services.shifts.service import CashMoveDone
from pos_app.services.till import Till
from ui.shifts.approval import ask_manager
from ui.shifts.context import ShiftToolContext as ToolContext
from ui.shifts.printing import print_cash_slip
from ui.tasks import run_task
from ui.widgets.print_failure import printer_trouble


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
    after_cash_move(context, outcome, _("Drawer opened (no sale)."),
                    shut_text=_("Drawer opening recorded (no sale)."))


def after_cash_move(context: ToolContext, done: CashMoveDone, done_text: str,
                    shut_text: str | None = None) -> None:
    """A cash in / out / no-sale is recorded: kick the drawer, then print its slip (the
    printer takes one job at a time). A slip the printer refused after the drawer's own
    trouble was said goes quietly onto the printer mark, not over that message."""
    mark = context.extra.get("printer_mark")
    kick_drawer(context, done_text, shut_text, then=lambda kicked: print_cash_slip(
        context.till, done.id, context.say, context.error, mark, quiet=not kicked,
        lead=done_text))


def kick_drawer(context: ToolContext, done_text: str, shut_text: str | None = None,
                then: Callable[[bool], None] | None = None) -> None:
    """Kick the drawer on a worker (the printer link may be slow); say how it went. The
    move is recorded either way; a printer out of paper still opens the drawer by its
    real-time pulse (devices/printer), and the cashier reads why receipts wait for the
    printer, or, when no pulse got through, to open the drawer by its key. `shut_text`
    leads then instead of `done_text` where that says the drawer opened ("Drawer opened
    (no sale)." before "did not open" read as a contradiction). `then(kicked)` runs after
    either."""

    def failed(exc: Exception) -> None:
        params = exc.params if isinstance(exc, PosError) else {}
        opened = bool(params.get("drawer_opened"))
        parts = [done_text if opened else shut_text or done_text, printer_trouble(exc)]
        if opened:
            parts.append(_("Receipts print again once the printer is ready."))
        else:
            parts.append(_("The cash drawer did not open: open it with its key."))
        context.error(" ".join(parts))
        if then is not None:
            then(False)

    def kicked(_none: object) -> None:
        context.say(done_text)
        if then is not None:
            then(True)

    run_task(context.till.receipts.open_drawer, on_done=kicked, on_error=failed)
