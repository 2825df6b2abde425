"""Printing an X or Z slip off the GUI thread, saying how it went, and keeping one that did
not print on the status bar's printer mark until it does."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from pos_app.domain.shifts import ShiftReport
from pos_app.i18n import _
from pos_app.services.till import Till
from ui.tasks import alive, run_task
from ui.widgets.print_failure import PrinterMark, Unprinted, printer_trouble


def slip_name(report: ShiftReport) -> str:
    """'Z 000012' or 'X report', as the screens name a slip."""
    if report.kind == "Z":
        return _("Z {number}").format(number=f"{report.z_no:06d}")
    return _("X report")


def _unprinted(report: ShiftReport) -> Unprinted:
    """The printer mark's line for an X or Z that did not print, naming how to print it,
    not F9: an X printed again is the figures of that moment, from its screen, and a Z
    printed again is an audited COPY, from the Z reprint."""
    if report.kind == "Z":
        return Unprinted(f"z:{report.z_no}", lambda: _(
            "{what} not printed · More… › Reprint a Z").format(what=slip_name(report)))
    return Unprinted("x", lambda: _("X report not printed · Ctrl+Shift+X, Print"))


def _how_to_print(report: ShiftReport) -> str:
    if report.kind == "Z":
        return _("{what} was not printed: reprint it from More… › Reprint a Z.").format(
            what=slip_name(report))
    return _("{what} was not printed: press Print to try again.").format(
        what=slip_name(report))


def print_report(till: Till, report: ShiftReport, say: Callable[[str], None],
                 error: Callable[[str], None], owner: QObject | None = None,
                 then: Callable[[bool], None] | None = None,
                 mark: PrinterMark | None = None) -> None:
    """Send `report` to the printer on a worker; `say` when printed, `error` why not and
    how to print it (a Z is stored either way: Z reprint prints it again), kept on `mark`
    (the status bar's) until it prints. `then(printed)` runs after either, unless `owner`
    (the dialog saying it) is gone by then."""
    what = slip_name(report)
    unprinted = _unprinted(report)
    say(_("Printing {what}…").format(what=what))

    def finished(message: Callable[[str], None], text: str, printed: bool) -> None:
        if mark is not None:  # the window's: kept whether or not the dialog is still open
            if printed:
                mark.printed(unprinted.key)
                if report.kind == "Z":
                    mark.printed("x")  # the Z holds the whole shift: its X is moot
            else:
                mark.failed(unprinted)
        if owner is not None and not alive(owner):
            return
        message(text)
        if then is not None:
            then(printed)

    run_task(lambda: till.receipts.print_shift_slip(report),
             on_done=lambda _none: finished(say, _("{what} printed.").format(what=what), True),
             on_error=lambda exc: finished(
                 error, printer_trouble(exc) + " " + _how_to_print(report), False))
