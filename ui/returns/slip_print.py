"""Printing a return's slip off the GUI thread, its outcome said on the message bar."""

from __future__ import annotations

from collections.abc import Callable

from pos_app.domain.money import format_money
from pos_app.errors import PosError
from pos_app.i18n import _
from pos_app.services.returns import CompletedReturn
from pos_app.services.till import Till
from ui.tasks import run_task


def print_return_slip(till: Till, done: CompletedReturn, say: Callable[[str], None],
                      error: Callable[[str], None]) -> None:
    """The return is saved already: a printer problem is said, and changes nothing."""
    saved = _("Return {number} saved: refund {amount}.").format(
        number=done.return_no, amount=format_money(done.refund_total))
    say(saved + " " + _("Printing the return slip…"))

    def failed(exc: Exception) -> None:
        text = exc.message() if isinstance(exc, PosError) else str(exc)
        error(saved + " " + _("The return slip did not print: {reason}").format(reason=text))

    run_task(lambda: till.returns.print_slip(done.return_id),
             lambda _slip: say(saved + " " + _("Return slip printed.")), failed)
