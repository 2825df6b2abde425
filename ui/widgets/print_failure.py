"""What the cashier reads when a sale's receipt did not print, and the status bar's lasting
printer mark (tester 24 #4; return slips, X and Z too, tester 25 #1).

A print fails off the GUI thread, often after the next scan has already taken the message
bar, so the failure is also kept in the status bar until a receipt prints again. The
cashier reads it in the till's language without the system's words ("[Errno 111] Connection
refused" goes to the log), and, on a cash sale whose drawer got no pulse, that the drawer
did not open and needs its key.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QLabel, QWidget

from pos_app.errors import PosError
from pos_app.i18n import _
from ui.errors import user_message

log = logging.getLogger(__name__)

_STYLE = "background: #a4001d; color: white; padding: 2px 8px; border-radius: 8px;"


def _printer_code(exc: Exception, what: str) -> str | None:
    """The printer's own failure ("printer_offline" / "printer_error"), its system detail
    logged (never shown); None for any other error."""
    if isinstance(exc, PosError) and exc.code in ("printer_offline", "printer_error"):
        log.warning("%s: %s %s", what, exc.code, exc.params.get("detail", ""))
        return exc.code
    return None


def print_failure(exc: Exception) -> tuple[str, str]:
    """(why the receipt did not print, the whole message with the drawer and F9), both
    translated; a printer's system detail is logged, not shown."""
    code = _printer_code(exc, "receipt not printed")
    if code is None:
        why = user_message(exc)
    else:
        why = (_("The printer cannot be reached: the receipt was not printed.")
               if code == "printer_offline"
               else _("The printer reported a fault: the receipt was not printed."))
    parts = [why]
    if isinstance(exc, PosError) and exc.params.get("drawer_not_opened"):
        parts.append(_("The cash drawer did not open: open it with its key."))
    parts.append(_("The sale is saved: press F9 to reprint."))
    return why, " ".join(parts)


def printer_trouble(exc: Exception) -> str:
    """Why the printer failed, with no system text (that is logged): for the drawer's
    kick, where nothing was to be printed."""
    code = _printer_code(exc, "printer failed")
    if code is None:
        return user_message(exc)
    return (_("The printer cannot be reached.") if code == "printer_offline"
            else _("The printer reported a fault."))


@dataclass(frozen=True)
class Unprinted:
    """One paper the printer refused: its key ("receipt", "return:<id>", "x", "z:<no>"),
    what the mark says of it (read at each showing, so a language switch follows), and what
    F9 does for it (None: the mark names another way, e.g. the Z reprint)."""

    key: str
    text: Callable[[], str]
    reprint: Callable[[], None] | None = None


class PrinterMark(QLabel):
    """The status bar's lasting "… not printed · how to reprint" mark (tester 24 #4, 25 #1):
    shown from a failed receipt, return slip, X or Z until that paper prints. The newest
    one is named, with "+N" when more wait (all of them in the tooltip)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("printerFailed")
        self.setStyleSheet(_STYLE)
        self.pending: list[Unprinted] = []
        self.hide()

    def failed(self, item: Unprinted | None = None) -> None:
        """`item` did not print (None: a sale's receipt, F9's own reprint)."""
        item = item or Unprinted("receipt", lambda: _("Receipt not printed · F9 reprints"))
        self.pending = [p for p in self.pending if p.key != item.key] + [item]
        self.retranslate()

    def printed(self, key: str = "receipt") -> None:
        self.pending = [p for p in self.pending if p.key != key]
        self.retranslate()

    def next_reprint(self) -> Callable[[], None] | None:
        """What F9 reprints: the newest waiting paper F9 prints (None: the last receipt, as
        always, also when that is the newest)."""
        for item in reversed(self.pending):
            if item.key == "receipt":
                return None
            if item.reprint is not None:
                return item.reprint
        return None

    def retranslate(self) -> None:
        if not self.pending:
            self.hide()
            return
        text = self.pending[-1].text()
        if len(self.pending) > 1:
            text += f"  +{len(self.pending) - 1}"
        self.setText(text)
        self.setToolTip("\n".join(p.text() for p in reversed(self.pending)))
        self.show()
