"""What the cashier reads when a sale's receipt did not print, and the status bar's lasting
printer mark (tester 24 #4).

A print fails off the GUI thread, often after the next scan has already taken the message
bar, so the failure is also kept in the status bar until a receipt prints again. The
cashier reads it in the till's language without the system's words ("[Errno 111] Connection
refused" goes to the log), and, on a cash sale whose drawer got no pulse, that the drawer
did not open and needs its key.
"""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QLabel, QWidget

from pos_app.errors import PosError
from pos_app.i18n import _
from ui.errors import user_message

log = logging.getLogger(__name__)

_STYLE = "background: #a4001d; color: white; padding: 2px 8px; border-radius: 8px;"


def print_failure(exc: Exception) -> tuple[str, str]:
    """(why the receipt did not print, the whole message with the drawer and F9), both
    translated; a printer's system detail is logged, not shown."""
    if isinstance(exc, PosError) and exc.code in ("printer_offline", "printer_error"):
        log.warning("receipt not printed: %s %s", exc.code, exc.params.get("detail", ""))
        why = (_("The printer cannot be reached: the receipt was not printed.")
               if exc.code == "printer_offline"
               else _("The printer reported a fault: the receipt was not printed."))
    else:
        why = user_message(exc)
    parts = [why]
    if isinstance(exc, PosError) and exc.params.get("drawer_not_opened"):
        parts.append(_("The cash drawer did not open: open it with its key."))
    parts.append(_("The sale is saved: press F9 to reprint."))
    return why, " ".join(parts)


def printer_trouble(exc: Exception) -> str:
    """Why the printer failed, with no system text (that is logged): for the drawer's
    kick, where nothing was to be printed."""
    if isinstance(exc, PosError) and exc.code in ("printer_offline", "printer_error"):
        log.warning("printer failed: %s %s", exc.code, exc.params.get("detail", ""))
        return (_("The printer cannot be reached.") if exc.code == "printer_offline"
                else _("The printer reported a fault."))
    return user_message(exc)


class PrinterMark(QLabel):
    """The status bar's "receipt not printed · F9" mark, shown from a failed receipt until
    one prints."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("printerFailed")
        self.setStyleSheet(_STYLE)
        self.hide()

    def failed(self) -> None:
        self.setText(_("Receipt not printed · F9 reprints"))
        self.show()

    def printed(self) -> None:
        self.hide()
