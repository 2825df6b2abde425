"""Printing an X or Z slip, or a cash in / out / no-sale slip, off the GUI thread, saying how
it went, and keeping one that did not print on the status bar's printer mark until it does."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QObject

from pos_app.domain.shifts import ShiftReport
from pos_app.domain.shifts.cash_slip import CashSlip
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


def print_cash_slip(till: Till, move_id: str, say: Callable[[str], None],
                    error: Callable[[str], None], mark: PrinterMark | None = None,
                    quiet: bool = False, lead: str = "") -> None:
    """Build and print the slip of the cash move `move_id` (committed already) on a worker.
    A printed slip says nothing: the move's own line stays on the screen. One that did not
    print is said after `lead` (the move's own line), unless `quiet` (the drawer's trouble
    was said already, the printer's with it), and kept on `mark`, where F9 prints it again
    as a copy."""
    built: list[CashSlip] = []

    def job() -> CashSlip:
        if not built:
            built.append(till.shifts.cash_slip(move_id))
        return till.receipts.print_cash_slip(built[0])

    _send_cash_slip(till, job, built, say, error, mark, quiet, f"cash:{move_id}", lead)


def _send_cash_slip(till: Till, job: Callable[[], CashSlip], built: list[CashSlip],
                    say: Callable[[str], None], error: Callable[[str], None],
                    mark: PrinterMark | None, quiet: bool, key: str, lead: str = "") -> None:
    def named() -> str:
        return built[0].slip_no if built else ""

    def reprint() -> None:
        def again() -> CashSlip:
            return till.receipts.print_cash_slip(replace(built[0], reprint=True))

        say(_("Printing cash slip {number}…").format(number=named()))
        _send_cash_slip(till, again, built, say, error, mark, False, key)

    def failed(exc: Exception) -> None:
        if mark is not None and built:
            mark.failed(Unprinted(key, lambda: _(
                "Cash slip {number} not printed · F9 reprints").format(number=named()),
                reprint=reprint))
        if not quiet or not built:
            text = _("The cash slip did not print: {reason}").format(
                reason=printer_trouble(exc))
            if mark is not None and built:
                text += " " + _("Press F9 to reprint it.")
            error(f"{lead} {text}" if lead else text)

    def printed(slip: CashSlip) -> None:
        if mark is not None:
            mark.printed(key)
        if slip.reprint:
            say(_("Cash slip {number} printed.").format(number=slip.slip_no))

    run_task(job, on_done=printed, on_error=failed)
