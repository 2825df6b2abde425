"""Printing a return's slip off the GUI thread, its outcome said on the message bar; a slip
that did not print stays on the status bar's printer mark, where F9 reprints it."""

from __future__ import annotations

from collections.abc import Callable

from pos_app.domain.money import format_money
from pos_app.errors import PosError
from pos_app.i18n import _
from pos_app.services.returns import CompletedReturn
from pos_app.services.till import Till
from ui.tasks import run_task
from ui.widgets.print_failure import PrinterMark, Unprinted, printer_trouble


def print_return_slip(till: Till, done: CompletedReturn, say: Callable[[str], None],
                      error: Callable[[str], None], mark: PrinterMark | None = None) -> None:
    """The return is saved already: a printer problem is said, and changes nothing."""
    saved = _("Return {number} saved: refund {amount}.").format(
        number=done.return_no, amount=format_money(done.refund_total))
    say(saved + " " + _("Printing the return slip…"))
    _send(till, done, say, error, mark, saved)


def _send(till: Till, done: CompletedReturn, say: Callable[[str], None],
          error: Callable[[str], None], mark: PrinterMark | None, saved: str,
          reprint: bool = False) -> None:
    """Print the slip; `saved` starts each line said (the return's own line, or on F9 just
    its number). A cash refund's drawer opens on the first print only (devices/printer:
    by the real-time pulse when the printer refuses the slip); when it did not, the cashier
    reads to open it by its key."""
    key = f"return:{done.return_id}"
    again = _("Return {number}:").format(number=done.return_no)

    def failed(exc: Exception) -> None:
        text = _("The return slip did not print: {reason}").format(reason=printer_trouble(exc))
        if isinstance(exc, PosError) and exc.params.get("drawer_not_opened"):
            text += " " + _("The cash drawer did not open: open it with its key.")
        if mark is None:
            error(saved + " " + text)
            return
        error(saved + " " + text + " " + _("Press F9 to reprint it."))
        mark.failed(Unprinted(
            key, lambda: _("Return slip {number} not printed · F9 reprints").format(
                number=done.return_no),
            reprint=lambda: _send(till, done, say, error, mark, again, reprint=True)))

    def printed(_slip: object) -> None:
        say(saved + " " + _("Return slip printed."))
        if mark is not None:
            mark.printed(key)

    run_task(lambda: till.returns.print_slip(done.return_id, reprint), printed, failed)
