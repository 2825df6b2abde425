"""Printing an X or Z slip off the GUI thread, and saying how it went."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from pos_app.domain.shifts import ShiftReport
from pos_app.i18n import _
from pos_app.services.till import Till
from ui.errors import user_message
from ui.tasks import alive, run_task


def slip_name(report: ShiftReport) -> str:
    """'Z 000012' or 'X report', as the screens name a slip."""
    if report.kind == "Z":
        return _("Z {number}").format(number=f"{report.z_no:06d}")
    return _("X report")


def print_report(till: Till, report: ShiftReport, say: Callable[[str], None],
                 error: Callable[[str], None], owner: QObject | None = None,
                 then: Callable[[bool], None] | None = None) -> None:
    """Send `report` to the printer on a worker; `say` when printed, `error` why not (a Z
    is stored either way: Z reprint prints it again). `then(printed)` runs after either,
    unless `owner` (the dialog saying it) is gone by then."""
    what = slip_name(report)
    say(_("Printing {what}…").format(what=what))

    def finished(message: Callable[[str], None], text: str, printed: bool) -> None:
        if owner is not None and not alive(owner):
            return
        message(text)
        if then is not None:
            then(printed)

    run_task(lambda: till.receipts.print_shift_slip(report),
             on_done=lambda _none: finished(say, _("{what} printed.").format(what=what), True),
             on_error=lambda exc: finished(error, user_message(exc), False))
