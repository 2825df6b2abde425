"""ReceiptPrinter: the one object the app uses to print, check and kick the drawer.

Each job checks status before (so a receipt is not sent into a printer with no paper) and
after (so paper running out mid-receipt is reported and the cashier can reprint). Calls are
serialised with a lock because the UI runs them on a worker thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from devices.printer.cash_slip import render_cash_slip
from devices.printer.escpos_render import (
    render_drawer_kick,
    render_drawer_kick_now,
    render_receipt,
    render_test_page,
)
from devices.printer.gift_slip import render_gift_slip
from devices.printer.link_base import PrinterLink
from devices.printer.links import parse_printer_url
from devices.printer.ops import check_columns
from devices.printer.return_slip import opens_drawer, render_return_slip
from devices.printer.shift_slip import render_shift_slip
from devices.printer.status import PrinterStatus, raise_for_status
from pos_app.domain.gift_slip import GiftSlip
from pos_app.domain.receipt import Receipt
from pos_app.domain.returns import ReturnSlip
from pos_app.domain.shifts import ShiftReport
from pos_app.domain.shifts.cash_slip import CashSlip
from pos_app.errors import PosError


class ReceiptPrinter:
    """A configured printer: `url` picks the link, `columns` the paper width (32, 42, 48).

    Raises PosError("printer_url_invalid"/"printer_unsupported"/"printer_columns_invalid")
    at construction for a bad setting, and printer_offline / printer_paper_out /
    printer_cover_open / printer_error from the job methods; printer_silent (nothing sent)
    or printer_unconfirmed (sent, not confirmed) when a printer that used to answer status
    stops answering.
    """

    def __init__(self, url: str, columns: int = 48) -> None:
        self.url = url
        self.columns = check_columns(columns)
        self._link: PrinterLink = parse_printer_url(url)
        self._lock = threading.Lock()
        # Once the printer has answered a status query, silence is news: a printer that
        # never answers (no status support) prints on trust, one that stops answering has
        # hung, lost power or lost its cable, and a receipt sent to it may be lost.
        self._answers_status = False

    def print_receipt(self, receipt: Receipt) -> None:
        """Print `receipt` (a reprint when `receipt.reprint`); the sale is never touched.

        A cash sale's receipt starts with the drawer pulse. A printer that refuses the
        receipt (out of paper, cover open, offline, stopped answering) would never see that
        pulse, yet the cashier has the customer's cash in hand: it gets the real-time pulse
        on its own before the receipt's error is raised (review 24 #2). When no pulse got
        through at all (the printer cannot be reached, or took not even the real-time
        pulse), the error carries `drawer_not_opened`, so the cashier is told to open the
        drawer by its key (tester 24 #4)."""
        self._print_opening(render_receipt(receipt, self.columns), receipt.opens_drawer)

    def print_gift_slip(self, slip: GiftSlip) -> None:
        """Print the slip handed over with a coupon's gift (devices/printer/gift_slip.py)."""
        self._send(render_gift_slip(slip, self.columns))

    def print_return_slip(self, slip: ReturnSlip) -> None:
        """Print a return's slip (devices/printer/return_slip.py). A cash refund's slip
        opens the drawer as a cash sale's receipt does, by the real-time pulse when the
        printer refuses it (tester 25), `drawer_not_opened` on the error when not even
        that got through."""
        self._print_opening(render_return_slip(slip, self.columns), opens_drawer(slip))

    def _print_opening(self, data: bytes, opens: bool) -> None:
        """Send a job that opens the drawer when `opens`: a printer refusing it gets the
        real-time pulse instead, and its error says whether any pulse got through."""
        pulsed = False

        def refused(link: PrinterLink) -> None:
            nonlocal pulsed
            pulsed = self._kick_drawer_now(link)

        def sent() -> None:
            nonlocal pulsed
            pulsed = True  # the job, and with it ESC p, is in the printer

        try:
            self._send(data, refused=refused if opens else None, sent=sent)
        except PosError as exc:
            if opens and not pulsed:
                exc.params["drawer_not_opened"] = True
            raise

    def print_shift_slip(self, report: ShiftReport, language: str) -> None:
        """Print an X or Z slip (devices/printer/shift_slip.py) in the store's language."""
        self._send(render_shift_slip(report, self.columns, language))

    def print_cash_slip(self, slip: CashSlip) -> None:
        """Print a cash in / out / no-sale slip (devices/printer/cash_slip.py); it holds no
        drawer pulse: the drawer was kicked on its own when the move was recorded."""
        self._send(render_cash_slip(slip, self.columns))

    def print_test_page(self) -> None:
        self._send(render_test_page(self.columns))

    def open_drawer(self) -> None:
        """Kick the cash drawer wired to the printer (ESC p, pin 2).

        A no-sale or a cash in/out has cash in hand as a sale does: a printer that refuses
        jobs (out of paper, cover open) gets the real-time pulse instead (tester 25 #2), and
        its error is raised with `drawer_opened`, so the screen says the drawer opened and
        what the printer lacks. When not even that pulse got through, the error carries
        `drawer_not_opened`, as a receipt's does."""
        pulsed = False

        def refused(link: PrinterLink) -> None:
            nonlocal pulsed
            pulsed = self._kick_drawer_now(link)

        try:
            self._send(render_drawer_kick(), check_after=False, refused=refused)
        except PosError as exc:
            exc.params["drawer_opened" if pulsed else "drawer_not_opened"] = True
            raise

    def status(self) -> PrinterStatus | None:
        """The printer's status now, or None when this link cannot tell (file, spooler)."""
        with self._lock, self._link as link:
            return link.read_status()

    def _send(self, data: bytes, *, check_after: bool = True,
              refused: Callable[[PrinterLink], None] | None = None,
              sent: Callable[[], None] | None = None) -> None:
        """Write `data` once the printer says it can print; `refused(link)` runs when it
        says it cannot, before that error is raised; `sent()` once `data` is written."""
        with self._lock, self._link as link:
            try:
                self._check(link.read_status(), "printer_silent")
            except PosError:
                if refused is not None:
                    refused(link)
                raise
            link.write(data)
            if sent is not None:
                sent()
            if check_after:
                self._check(link.read_status(), "printer_unconfirmed")

    @staticmethod
    def _kick_drawer_now(link: PrinterLink) -> bool:
        """DLE DC4: a printer pulses the drawer at once even while offline or out of paper,
        where ESC p would wait in its buffer until the paper is back. A printer that cannot
        take even this leaves the drawer to its key (False); the receipt's error already
        says why the printer failed, so this one's own failure is not raised over it."""
        try:
            link.write(render_drawer_kick_now())
        except PosError:
            return False
        return True

    def _check(self, status: PrinterStatus | None, silent_code: str) -> None:
        if status is None:
            if self._answers_status:
                raise PosError(silent_code)
            return
        self._answers_status = True
        raise_for_status(status)
